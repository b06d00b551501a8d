import { ConfigReader } from '@backstage/config';
import { normaliseBaseUrl, readRunwaySettings } from './settings';

const read = (runway: object, baseUrl = 'http://localhost:3000/') =>
  readRunwaySettings(new ConfigReader({ app: { baseUrl }, runway }));

describe('readRunwaySettings', () => {
  it('gives the defaults when runway.* is empty', () => {
    expect(read({})).toEqual({
      appBaseUrl: 'http://localhost:3000',
      github: {
        host: 'github.com',
        org: 'acme',
        platformConfigRepo: 'platform-config',
        writeIntervalMs: undefined,
        requestTimeoutMs: 30000,
      },
      slack: undefined,
      policiesDir: undefined,
    });
  });

  it('reads every key once, as app-config gives it', () => {
    const settings = read(
      {
        github: {
          host: 'localhost:7070',
          org: 'initech',
          platformConfigRepo: 'infra',
          writeIntervalMs: 0,
          requestTimeoutMs: 5000,
        },
        slack: { token: 'xoxb-1', apiUrl: 'http://localhost:7070/slack/api/' },
        policies: { dir: '/etc/runway/policies' },
      },
      'https://runway.initech.example//',
    );
    expect(settings).toEqual({
      appBaseUrl: 'https://runway.initech.example',
      github: {
        host: 'localhost:7070',
        org: 'initech',
        platformConfigRepo: 'infra',
        writeIntervalMs: 0,
        requestTimeoutMs: 5000,
      },
      slack: { token: 'xoxb-1', apiUrl: 'http://localhost:7070/slack/api/' },
      policiesDir: '/etc/runway/policies',
    });
  });

  it('names the key of a negative interval', () => {
    expect(() => read({ github: { writeIntervalMs: -1 } })).toThrow(
      'runway.github.writeIntervalMs must be a number of at least 0 (got -1).',
    );
  });

  it('names the key of a timeout that would abort every request', () => {
    expect(() => read({ github: { requestTimeoutMs: 0 } })).toThrow(
      'runway.github.requestTimeoutMs must be a number of at least 1 (got 0).',
    );
  });

  it('refuses the moved platformConfigRepo key rather than ignore it', () => {
    expect(() =>
      read({ newService: { platformConfigRepo: 'infra-live' } }),
    ).toThrow(
      'runway.newService.platformConfigRepo has moved to runway.github.platformConfigRepo',
    );
  });

  it('refuses a Slack section without a token, naming the key', () => {
    expect(() => read({ slack: { apiUrl: 'http://x' } })).toThrow(/token/);
  });
});

describe('normaliseBaseUrl', () => {
  it('drops trailing slashes only', () => {
    expect(normaliseBaseUrl('http://a.example/runway/')).toBe(
      'http://a.example/runway',
    );
    expect(normaliseBaseUrl('http://a.example')).toBe('http://a.example');
  });
});
