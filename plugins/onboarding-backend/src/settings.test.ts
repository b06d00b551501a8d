import { ConfigReader } from '@backstage/config';
import { readOnboardingSettings } from './settings';

const devstack = {
  runway: {
    onboarding: {
      hrWebhook: { secret: 'devstack-hr-webhook-secret' },
      okta: {
        hookSecret: 'devstack-okta-hook-secret',
        orgUrl: 'http://localhost:7070/okta',
        apiToken: 'devstack-okta-token',
      },
    },
  },
};

describe('readOnboardingSettings', () => {
  it('takes the devstack’s triggers locally', () => {
    const settings = readOnboardingSettings(
      new ConfigReader(devstack),
      'development',
    );
    expect(settings.hrWebhook).toEqual({
      secret: 'devstack-hr-webhook-secret',
    });
    expect(settings.okta?.hookSecret).toBe('devstack-okta-hook-secret');
  });

  it('refuses to start in production with a devstack secret, naming the key and the fix', () => {
    expect(() =>
      readOnboardingSettings(new ConfigReader(devstack), 'production'),
    ).toThrow(
      /^runway\.onboarding\.okta\.hookSecret is the devstack's, which anyone can read in app-config\.yaml; set your own \(openssl rand -hex 32\) or turn the trigger off with enabled: false\.$/,
    );
  });

  it('leaves out a trigger turned off, as app-config.production.yaml does', () => {
    const off = ConfigReader.fromConfigs([
      { context: 'app-config.yaml', data: devstack },
      {
        context: 'app-config.production.yaml',
        data: {
          runway: {
            onboarding: {
              okta: { enabled: false },
              hrWebhook: { enabled: false },
            },
          },
        },
      },
    ]);
    const settings = readOnboardingSettings(off, 'production');
    expect(settings.okta).toBeUndefined();
    expect(settings.hrWebhook).toBeUndefined();
  });

  it('turns a trigger back on with its own secret', () => {
    const on = ConfigReader.fromConfigs([
      { context: 'app-config.yaml', data: devstack },
      {
        context: 'production',
        data: {
          runway: {
            onboarding: {
              okta: { enabled: false },
              hrWebhook: {
                enabled: true,
                secret: 'a-real-hr-secret-0123456789abcdef',
              },
            },
          },
        },
      },
    ]);
    expect(readOnboardingSettings(on, 'production').hrWebhook).toEqual({
      secret: 'a-real-hr-secret-0123456789abcdef',
    });
  });
});
