import fs from 'node:fs';
import path from 'node:path';
import {
  assertRequiredEnv,
  configFilesFromArgs,
  findEnvReferences,
} from './requiredEnv';

const repoRoot = path.resolve(__dirname, '../../..');
const production = path.join(repoRoot, 'app-config.production.yaml');

describe('findEnvReferences', () => {
  it('lists each substituted variable with the config path that uses it', () => {
    const refs = findEnvReferences(
      'x.yaml',
      [
        'backend:',
        '  database:',
        '    connection:',
        '      host: ${POSTGRES_HOST}',
        'list:',
        '  - url: https://${HOST}/path/${ PATH_PART }',
      ].join('\n'),
    );
    expect(refs).toEqual([
      {
        name: 'POSTGRES_HOST',
        configPath: 'backend.database.connection.host',
        file: 'x.yaml',
      },
      { name: 'HOST', configPath: 'list.[0].url', file: 'x.yaml' },
      { name: 'PATH_PART', configPath: 'list.[0].url', file: 'x.yaml' },
    ]);
  });

  it('ignores $${ESCAPED} literals, which Backstage does not substitute', () => {
    expect(findEnvReferences('x.yaml', 'a: $${NOT_A_VAR}')).toEqual([]);
  });
});

describe('configFilesFromArgs', () => {
  it('reads both --config forms Backstage accepts', () => {
    expect(
      configFilesFromArgs([
        'node',
        'backend',
        '--config',
        'a.yaml',
        '--config=b.yaml',
      ]),
    ).toEqual(['a.yaml', 'b.yaml']);
  });
});

describe('assertRequiredEnv with the production config', () => {
  const argv = ['node', 'backend', '--config', production];
  const names = findEnvReferences(
    'app-config.production.yaml',
    fs.readFileSync(production, 'utf8'),
  ).map(ref => ref.name);
  const complete = Object.fromEntries(names.map(name => [name, 'set']));

  it('needs the database, GitHub, Slack, Kubernetes and Redis settings', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'POSTGRES_HOST',
        'POSTGRES_PASSWORD',
        'GITHUB_APP_PRIVATE_KEY',
        'AUTH_GITHUB_CLIENT_SECRET',
        'SLACK_BOT_TOKEN',
        'K8S_PRODUCTION_TOKEN',
        'REDIS_URL',
      ]),
    );
  });

  it('passes when every variable is set', () => {
    expect(() => assertRequiredEnv(argv, complete)).not.toThrow();
  });

  it('names the missing variable and where it is used', () => {
    const { POSTGRES_PASSWORD: _, ...env } = complete;
    expect(() => assertRequiredEnv(argv, env)).toThrow(
      /POSTGRES_PASSWORD \(used by backend\.database\.connection\.password in app-config\.production\.yaml\)/,
    );
  });

  it('treats an empty variable as missing', () => {
    expect(() =>
      assertRequiredEnv(argv, { ...complete, REDIS_URL: '' }),
    ).toThrow(/not set: REDIS_URL/);
  });

  it('checks nothing when only the embedded default is loaded', () => {
    expect(() =>
      assertRequiredEnv(
        ['node', 'backend', '--config', path.join(repoRoot, 'app-config.yaml')],
        {},
      ),
    ).not.toThrow();
  });
});
