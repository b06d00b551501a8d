import { ConfigReader } from '@backstage/config';
import { readEnvironmentsSettings } from './settings';

const settings = (environments: object) =>
  readEnvironmentsSettings(
    new ConfigReader({
      app: { baseUrl: 'https://runway.acme.example' },
      runway: { environments },
    }),
  );

describe('readEnvironmentsSettings', () => {
  it('warns 4 hours before an idle teardown by default, and takes another lead time from config', () => {
    expect(settings({})).toMatchObject({
      idleHours: 24,
      idleWarnBeforeHours: 4,
    });
    expect(settings({ idleHours: 48, idleWarnBeforeHours: 12 })).toMatchObject({
      idleHours: 48,
      idleWarnBeforeHours: 12,
    });
  });

  it('refuses an idle warning that would come before the environment is even idle', () => {
    expect(() => settings({ idleHours: 6, idleWarnBeforeHours: 6 })).toThrow(
      'runway.environments.idleWarnBeforeHours (6) must be less than idleHours (6): the warning comes that many hours before an idle teardown.',
    );
  });

  it('refuses the old adminGroup key, naming the permission policy’s', () => {
    // Ignored, it would leave operators believing their admin group still applied.
    expect(() => settings({ adminGroup: 'group:default/platform' })).toThrow(
      /runway\.permissions\.platformGroup/,
    );
  });
});
