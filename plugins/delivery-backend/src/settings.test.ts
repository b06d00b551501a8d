import { ConfigReader } from '@backstage/config';
import { readDeliverySettings } from './settings';

const config = (delivery?: object) =>
  new ConfigReader({
    app: { baseUrl: 'https://runway.acme.example/' },
    runway: { github: { org: 'Acme' }, ...(delivery && { delivery }) },
  });

describe('readDeliverySettings', () => {
  it('defaults: the org’s platform-config, atlantis/apply, a reminder after 24 h every 15 min', () => {
    expect(readDeliverySettings(config())).toMatchObject({
      appBaseUrl: 'https://runway.acme.example',
      platformConfigRepo: 'acme/platform-config',
      applyStatusContext: 'atlantis/apply',
      reminders: {
        enabled: true,
        afterMs: 86_400_000,
        interval: { minutes: 15 },
      },
    });
  });

  it('reads durations in either form and refuses a reminder under a minute, saying what to set', () => {
    expect(
      readDeliverySettings(
        config({ reminderAfter: 'PT2H', reminderInterval: { minutes: 1 } }),
      ).reminders,
    ).toMatchObject({ afterMs: 7_200_000, interval: { minutes: 1 } });
    expect(() =>
      readDeliverySettings(config({ reminderAfter: { seconds: 5 } })),
    ).toThrow('runway.delivery.reminderAfter is under a minute');
  });
});
