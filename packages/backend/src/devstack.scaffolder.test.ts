/**
 * Backstage's built-in publish:github and publish:github:pull-request, run by the real scaffolder
 * backend against the devstack forge: the repo they make is cloned by the real git CLI, and the
 * pull request holds exactly the files the task committed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { Devstack, startDevstack } from '@runway/devstack';
import { runTask, waitForEntity } from './__testUtils__/scaffolderTasks';

jest.setTimeout(120_000);

const fixture = path.join(__dirname, '__fixtures__/devstack-e2e/template.yaml');

let devstack: Devstack;
let backend: Awaited<ReturnType<typeof startTestBackend>>;

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  backend = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      scaffolderPlugin,
      scaffolderGithubModule,
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: devstack.urls.githubHost,
                apiBaseUrl: devstack.urls.githubApi,
                token: devstack.githubToken,
              },
            ],
          },
          catalog: {
            rules: [{ allow: ['Template'] }],
            locations: [{ type: 'file', target: fixture }],
            processingInterval: { seconds: 1 },
          },
          scaffolder: {
            defaultAuthor: { name: 'Runway', email: 'runway@acme.example' },
          },
        },
      }),
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
  await devstack?.stop();
});

it('creates a repo the git CLI clones and a PR whose files are the committed ones', async () => {
  await waitForEntity(backend.server, 'template/default/devstack-e2e');
  const result = await runTask(
    backend.server,
    'template:default/devstack-e2e',
    { name: 'checkout-api', host: devstack.urls.githubHost },
  );
  expect({
    status: result.status,
    log: result.status === 'completed' ? '' : result.log,
  }).toEqual({ status: 'completed', log: '' });

  // The repository: real git, with the rendered skeleton on main.
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-clone-'));
  const remote = `http://x-access-token:${devstack.githubToken}@${devstack.urls.githubHost}/acme/checkout-api.git`;
  await promisify(execFile)('git', ['clone', '-q', remote, clone], {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  expect(
    fs.readFileSync(path.join(clone, 'catalog-info.yaml'), 'utf8'),
  ).toContain('name: "checkout-api"');
  expect(fs.readFileSync(path.join(clone, 'README.md'), 'utf8')).toContain(
    '# checkout-api',
  );

  // The pull request into platform-config: exactly the rendered Terraform, under services/<name>/.
  const pulls = devstack.forge.state.data.pulls.filter(
    p => p.repo === 'acme/platform-config',
  );
  expect(pulls).toHaveLength(1);
  expect(pulls[0]).toMatchObject({
    head: 'runway/checkout-api',
    base: 'main',
    title: 'Add checkout-api',
    state: 'open',
  });
  const git = devstack.forge.git('acme', 'platform-config');
  const files = await git.diffFiles(
    (await git.resolve('refs/heads/main'))!,
    (await git.resolve('refs/heads/runway/checkout-api'))!,
  );
  expect(files.map(f => [f.filename, f.status])).toEqual([
    ['services/checkout-api/main.tf', 'added'],
  ]);
  expect(files[0].patch).toContain('+  name   = "checkout-api"');

  // The task's output links lead to the forge (and so to its web view).
  const links = (result.output.links ?? []).map((l: any) => l.url);
  expect(links).toEqual([
    `${devstack.urls.base}/acme/checkout-api/blob/main`,
    `${devstack.urls.base}/acme/platform-config/pull/${pulls[0].number}`,
  ]);

  // Every answer the forge gave the built-in actions matched GitHub's description.
  expect(devstack.forge.responseViolations).toEqual([]);
});
