import { ConfigReader } from '@backstage/config';
import { DEFAULT_FIRST_DAY_TASKS } from '@runway/plugin-onboarding-common';
import { readNewHireSettings } from './settings';

const read = (onboarding: object = {}) =>
  readNewHireSettings(new ConfigReader({ runway: { onboarding } }));

describe('readNewHireSettings', () => {
  it('has defaults for everything', () => {
    expect(read()).toEqual({
      firstDayTasks: DEFAULT_FIRST_DAY_TASKS,
      github: { org: 'acme', platformConfigRepo: 'platform-config' },
      sandboxCheckIntervalSeconds: 60,
      retention: { enabled: true, days: 365 },
    });
  });

  it('names the key that is wrong and what to set', () => {
    expect(() => read({ retentionDays: 0 })).toThrow(
      'runway.onboarding.retentionDays must be a whole number of days, at least 1; got 0. Leave it out for 365.',
    );
    expect(() => read({ sandboxCheckIntervalSeconds: 1.5 })).toThrow(
      /^runway.onboarding.sandboxCheckIntervalSeconds must be a whole number of seconds, at least 5/,
    );
  });
});
