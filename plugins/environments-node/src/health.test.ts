import { ConfigReader } from '@backstage/config';
import { readEnvironmentHealthSettings } from './health';

const config = (environments: object) =>
  new ConfigReader({ runway: { environments } });

describe('readEnvironmentHealthSettings', () => {
  it('waits for Argo CD only when its url is set and delivery is GitOps', () => {
    expect(readEnvironmentHealthSettings(config({}))).toBeUndefined();
    expect(
      readEnvironmentHealthSettings(
        config({
          argocd: { url: 'http://localhost:7070/argocd', token: 't' },
          delivery: { mode: 'direct' },
        }),
      ),
    ).toBeUndefined();
    expect(
      readEnvironmentHealthSettings(
        config({
          argocd: { url: 'https://a.test', token: 't', watchHealth: false },
        }),
      ),
    ).toBeUndefined();
    expect(
      readEnvironmentHealthSettings(
        config({ argocd: { url: 'http://localhost:7070/argocd', token: 't' } }),
      ),
    ).toEqual({
      argocd: {
        url: 'http://localhost:7070/argocd',
        token: 't',
        requestTimeoutMs: 10_000,
      },
      interval: { seconds: 10 },
      readyTimeoutMs: 15 * 60_000,
    });
  });

  it('reads the interval and the ready timeout as durations', () => {
    expect(
      readEnvironmentHealthSettings(
        config({
          argocd: {
            url: 'https://a.test',
            token: 't',
            healthInterval: 'PT30S',
            readyTimeout: { minutes: 5 },
          },
        }),
      ),
    ).toMatchObject({ interval: { seconds: 30 }, readyTimeoutMs: 300_000 });
  });
});
