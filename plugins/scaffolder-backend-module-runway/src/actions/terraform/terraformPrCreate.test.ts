/**
 * terraform:pr:create against the devstack's forge: real HTTP, GitHub's OpenAPI description
 * checking every answer, real git objects. The forge runs in this process, so everything is async.
 */
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from '@cdktf/hcl2json';
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '@runway/devstack';
import { createTerraformPrCreateAction } from './terraformPrCreate';

jest.setTimeout(120_000);

const BASE_URL = 'http://localhost:3000';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let devstack: Devstack;
let octokit: Octokit;
let action: ReturnType<typeof createTerraformPrCreateAction>;
let repoUrl: string;

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: devstack.urls.githubHost,
            apiBaseUrl: devstack.urls.githubApi,
            token: devstack.githubToken,
          },
        ],
      },
    }),
  );
  // A short back-off keeps the retry test quick; the retry logic is the plugin's own.
  action = createTerraformPrCreateAction({
    integrations,
    baseUrl: BASE_URL,
    retry: { retryAfterBaseValue: 20 },
    github: { writeIntervalMs: 0, requestTimeoutMs: 30_000 },
  });
  octokit = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
    log: quiet,
  });
  repoUrl = `${devstack.urls.githubHost}?owner=acme&repo=platform-config`;
});

afterAll(() => devstack.stop());

afterEach(() => {
  // Every answer the forge gave matched GitHub's description.
  const violations = devstack.forge.responseViolations.splice(0);
  devstack.faults.clear();
  if (violations.length)
    throw new Error(
      `answers off the description: ${JSON.stringify(violations)}`,
    );
});

/** Checkpoints that persist across runs, as the scaffolder's task state does. */
function checkpointStore() {
  const saved = new Map<string, unknown>();
  const checkpoint = async ({ key, fn }: { key: string; fn: () => any }) => {
    if (saved.has(key)) return saved.get(key);
    const value = await fn();
    saved.set(key, value ?? {});
    return value;
  };
  return {
    saved,
    checkpoint: checkpoint as Ctx['checkpoint'],
  };
}

/** The handler's context; inputs are loose here, as the tests feed it mistakes on purpose. */
type Ctx = Parameters<
  ReturnType<typeof createTerraformPrCreateAction>['handler']
>[0];

function context(
  input: Record<string, unknown>,
  extra: Partial<Ctx> = {},
): Ctx {
  return {
    ...createMockActionContext({
      input: input as any,
      task: { id: 'task-1234' },
      user: { ref: 'user:default/priya-raman' },
    }),
    checkpoint: checkpointStore().checkpoint,
    ...extra,
  } as Ctx;
}

const outputs = (ctx: { output: jest.Mock | any }) =>
  Object.fromEntries((ctx.output as jest.Mock).mock.calls);

const pullsFor = (branch: string) =>
  devstack.forge.state.data.pulls.filter(
    p => p.repo === 'acme/platform-config' && p.head === branch,
  );

const branchHead = (branch: string) =>
  devstack.forge.git('acme', 'platform-config').resolve(`refs/heads/${branch}`);

async function fileAt(path: string, ref: string): Promise<string> {
  const { data } = await octokit.rest.repos.getContent({
    owner: 'acme',
    repo: 'platform-config',
    path,
    ref,
  });
  return Buffer.from((data as { content: string }).content, 'base64').toString(
    'utf8',
  );
}

const database = {
  name: 'database',
  source: '../../modules/database/postgres',
  variables: {
    service: 'payments-ledger',
    team: 'payments',
    cost_center: 'cc-1234',
    allocated_storage: 50,
    multi_az: true,
    subnet_ids: ['subnet-0a1b', 'subnet-2c3d'],
    tags: { 'runway.dev/tier': 'gold' },
    note: '${jndi:ldap://x} "} resource "x" "y" { | pipe',
  },
};
const service = {
  name: 'service',
  source: '../../modules/service',
  variables: { name: 'payments-ledger', team: 'payments', tier: 'small' },
};
const ledgerInput = {
  repoUrl: '',
  targetPath: 'services/payments-ledger',
  title: 'Add payments-ledger',
  body: 'From the **new service** golden path.',
  labels: ['runway', 'terraform'],
  modules: [service, database],
  files: {
    'outputs.tf': 'output "ns" {\n  value = module.service.namespace\n}\n',
  },
};

describe('terraform:pr:create', () => {
  const branch = 'runway/payments-ledger';
  const input = () => ({ ...ledgerInput, repoUrl });
  const store = checkpointStore();
  let prNumber: number;

  it('opens a pull request whose main.tf parses back to the inputs', async () => {
    const ctx = context(input(), { checkpoint: store.checkpoint });
    await action.handler(ctx);

    const out = outputs(ctx);
    expect(out.branch).toBe(branch);
    expect(out.files).toBeUndefined();
    prNumber = out.prNumber;
    expect(out.prUrl).toBe(
      `${devstack.urls.base}/acme/platform-config/pull/${prNumber}`,
    );

    const { data: files } = await octokit.rest.pulls.listFiles({
      owner: 'acme',
      repo: 'platform-config',
      pull_number: prNumber,
    });
    expect(files.map(f => f.filename).sort()).toEqual([
      'services/payments-ledger/main.tf',
      'services/payments-ledger/outputs.tf',
    ]);
    const mainTf = await fileAt('services/payments-ledger/main.tf', branch);
    expect(await parse('main.tf', mainTf)).toEqual({
      module: {
        service: [{ source: service.source, ...service.variables }],
        database: [
          {
            source: database.source,
            ...database.variables,
            // hcl2json answers in Terraform's JSON syntax, which keeps a literal ${ escaped.
            note: '$${jndi:ldap://x} "} resource "x" "y" { | pipe',
          },
        ],
      },
    });
    expect(await fileAt('services/payments-ledger/outputs.tf', branch)).toBe(
      ledgerInput.files['outputs.tf'],
    );

    const { data: pull } = await octokit.rest.pulls.get({
      owner: 'acme',
      repo: 'platform-config',
      pull_number: prNumber,
    });
    expect(pull.title).toBe('Add payments-ledger');
    expect(pull.base.ref).toBe('main');
    expect(pull.body).toContain('From the **new service** golden path.');
    expect(pull.body).toContain('| Module | Source | Key variables |');
    expect(pull.body).toContain(
      '| service | ../../modules/service | name = "payments-ledger"<br>team = "payments"<br>tier = "small" |',
    );
    expect(pull.body).toContain(
      '| database | ../../modules/database/postgres | service = ',
    );
    expect(pull.body).toContain('+4 more');
    expect(pull.body).toContain('Requested by user:default/priya-raman');
    expect(pull.body).toContain(`(${BASE_URL}/create/tasks/task-1234)`);
    expect(pull.labels.map(l => l.name).sort()).toEqual([
      'runway',
      'terraform',
    ]);
    expect(pullsFor(branch)).toHaveLength(1);
  });

  it('replays its checkpoints when the same task is retried: same pull request, no new writes', async () => {
    const head = await branchHead(branch);
    const ctx = context(input(), { checkpoint: store.checkpoint });
    await action.handler(ctx);
    expect(outputs(ctx).prNumber).toBe(prNumber);
    expect(await branchHead(branch)).toBe(head);
    expect(pullsFor(branch)).toHaveLength(1);
    expect([...store.saved.keys()]).toEqual([
      'github.branch.acme/platform-config:runway/payments-ledger.v1',
      'github.pr.acme/platform-config:runway/payments-ledger.v1',
      'github.labels.acme/platform-config:runway/payments-ledger.v1',
    ]);
  });

  it('finds and updates its pull request when a re-run has lost its checkpoints', async () => {
    const head = await branchHead(branch);
    const ctx = context({
      ...input(),
      title: 'Add payments-ledger (retitled)',
    });
    await action.handler(ctx);
    expect(outputs(ctx).prNumber).toBe(prNumber);
    expect(await branchHead(branch)).toBe(head); // same content: no new commit
    expect(pullsFor(branch)).toEqual([
      expect.objectContaining({
        number: prNumber,
        title: 'Add payments-ledger (retitled)',
      }),
    ]);
  });

  it('adds a commit on top of the branch when a re-run changes the content', async () => {
    const head = await branchHead(branch);
    const changed = {
      ...input(),
      modules: [
        service,
        {
          ...database,
          variables: { ...database.variables, allocated_storage: 100 },
        },
      ],
    };
    const ctx = context(changed);
    await action.handler(ctx);
    expect(outputs(ctx).prNumber).toBe(prNumber);
    const newHead = await branchHead(branch);
    expect(newHead).not.toBe(head);
    const { data: commit } = await octokit.rest.git.getCommit({
      owner: 'acme',
      repo: 'platform-config',
      commit_sha: newHead!,
    });
    expect(commit.parents.map(p => p.sha)).toEqual([head]);
    expect(commit.message).toContain(`${BASE_URL}/create/tasks/task-1234`);
    const parsed = await parse(
      'main.tf',
      await fileAt('services/payments-ledger/main.tf', branch),
    );
    expect(parsed.module.database[0].allocated_storage).toBe(100);
    expect(pullsFor(branch)).toHaveLength(1);
  });
});

describe('terraform:pr:create failures and dry runs', () => {
  it('opens exactly one pull request when GitHub answers 502 twice (it looks before creating again)', async () => {
    devstack.injectFault({ target: 'pulls/create', status: 502, times: 2 });
    const ctx = context({
      repoUrl,
      targetPath: 'services/checkout-api',
      title: 'Add checkout-api',
      modules: [{ ...service, variables: { name: 'checkout-api' } }],
    });
    await action.handler(ctx);
    expect(devstack.faults.take('pulls/create')).toBeUndefined(); // both faults were hit
    expect(pullsFor('runway/checkout-api')).toEqual([
      expect.objectContaining({ number: outputs(ctx).prNumber, state: 'open' }),
    ]);
  });

  it('rejects an invalid module name naming the field, and pushes nothing', async () => {
    const ctx = context({
      repoUrl,
      targetPath: 'services/bad-name',
      title: 'Bad',
      modules: [service, { name: 'bad name"{', source: 'x' }],
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^modules\[1\]\.name "bad name\\"\{" is not a Terraform identifier/,
    );
    expect(await branchHead('runway/bad-name')).toBeUndefined();
    expect(pullsFor('runway/bad-name')).toEqual([]);
  });

  it('rejects an invalid variable name naming the field', async () => {
    const ctx = context({
      repoUrl,
      targetPath: 'services/bad-var',
      title: 'Bad',
      modules: [
        service,
        { name: 'db', source: 'x', variables: { 'bad key': 1 } },
      ],
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /^modules\[1\]\.variables\.bad key /,
    );
    expect(await branchHead('runway/bad-var')).toBeUndefined();
  });

  it('dry run: returns the rendered files and placeholder outputs, and calls no API', async () => {
    // A pending fault on the first call the action would make proves no request went out.
    devstack.injectFault({ target: 'repos/get', status: 500 });
    const ctx = context(
      { ...ledgerInput, repoUrl, targetPath: 'services/dry-run' },
      { isDryRun: true },
    );
    await action.handler(ctx);
    const out = outputs(ctx);
    expect(out.branch).toBe('runway/dry-run');
    expect(out.prNumber).toBe(0);
    expect(out.prUrl).toBe(
      `https://${devstack.urls.githubHost}/acme/platform-config/pull/0`,
    );
    expect(Object.keys(out.files)).toEqual([
      'services/dry-run/main.tf',
      'services/dry-run/outputs.tf',
    ]);
    expect(out.files['services/dry-run/main.tf']).toMatch(
      /^module "service" \{\n {2}source = /,
    );
    expect(devstack.faults.take('repos/get')).toBeDefined();
    expect(await branchHead('runway/dry-run')).toBeUndefined();
    expect(pullsFor('runway/dry-run')).toEqual([]);
  });

  it('says which repository was not found', async () => {
    const ctx = context({
      repoUrl: `${devstack.urls.githubHost}?owner=acme&repo=no-such-repo`,
      targetPath: 'services/x',
      title: 'X',
      modules: [service],
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      "Repository acme/no-such-repo not found; check the repository's owner and name (repoUrl or runway.github)",
    );
  });

  it('refuses to push to the default branch', async () => {
    const ctx = context({
      repoUrl,
      targetPath: 'services/x',
      title: 'X',
      modules: [service],
      branchName: 'main',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'branchName main is the default branch of acme/platform-config; give a new branch name',
    );
  });

  it('says there is nothing to propose when the files are already on the default branch', async () => {
    const readme = await fileAt('services/README.md', 'main');
    const ctx = context({
      repoUrl,
      targetPath: 'services',
      branchName: 'runway/readme',
      title: 'Same README',
      files: { 'README.md': readme },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /services\/README\.md on main of acme\/platform-config are already as proposed/,
    );
    expect(await branchHead('runway/readme')).toBeUndefined();
  });
});
