/**
 * The "new backend service" golden path end to end: templates/new-service/template.yaml run by
 * the real scaffolder backend (with Backstage's built-in actions and Runway's module) against the
 * devstack's GitHub and Slack. Each case reads back what a developer would see: the repository
 * (cloned with git), the Terraform pull request (parsed with HashiCorp's parser), the catalogue
 * entity, the Slack message and the task's output links.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { CatalogClient } from '@backstage/catalog-client';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { Devstack, startDevstack } from '@runway/devstack';
import request from 'supertest';
import YAML from 'yaml';
import { validateComponent } from '../__testUtils__/entities';
import {
  repoRoot,
  startGoldenPathBackend,
} from '../__testUtils__/goldenPathBackend';
import { childEnv, run } from '../__testUtils__/processes';
import {
  createTask,
  retryTask,
  runTask,
  waitForEntity,
  waitForTask,
} from '../__testUtils__/scaffolderTasks';

jest.setTimeout(180_000);

const TEMPLATE = 'template:default/new-service';

/** Quotes, HCL and YAML syntax, an interpolation, Markdown and HTML, and a newline. */
const HOSTILE_DESCRIPTION =
  'Ledger "core" ${var.token} %{if true}x%{endif} }\nmodule "evil" {} # [x](javascript:alert(1)) <img src=x> key: value';

let devstack: Devstack;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
/** How many of the next catalogue registrations fail, as if the catalogue were down. */
let failRegistrations = 0;

/**
 * The scaffolder's catalogue client, with a switch that makes registration fail: the failure
 * lands after the repository and the pull request exist and before the entity does.
 */
const flakyCatalogService = createServiceFactory({
  service: catalogServiceRef,
  deps: { auth: coreServices.auth, discovery: coreServices.discovery },
  async factory({ auth, discovery }) {
    const client = new CatalogClient({ discoveryApi: discovery });
    return new Proxy({} as any, {
      get: (_target, method) => {
        // Not a thenable (the backend awaits what the factory returns), not a symbol lookup.
        if (typeof method !== 'string' || method === 'then') return undefined;
        return async (req: any, options: { credentials: any }) => {
          if (method === 'addLocation' && !req?.dryRun && failRegistrations) {
            failRegistrations -= 1;
            throw new ServiceUnavailableError(
              'catalog unavailable (injected by the test)',
            );
          }
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: options.credentials,
            targetPluginId: 'catalog',
          });
          return (client as any)[method](req, { token });
        };
      },
    });
  },
});

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  const examples = (file: string) => path.join(repoRoot, 'examples', file);
  backend = await startGoldenPathBackend({
    devstack,
    locations: [
      examples('org.yaml'),
      examples('systems.yaml'),
      examples('components.yaml'),
      examples('components/payments-api/catalog-info.yaml'),
      path.join(repoRoot, 'templates/new-service/template.yaml'),
    ],
    features: [flakyCatalogService],
  });
  await waitForEntity(backend.server, 'template/default/new-service');
  await waitForEntity(backend.server, 'group/default/payments');
  await waitForEntity(backend.server, 'component/default/payments-api');
});

afterAll(async () => {
  await backend?.stop();
  await devstack?.stop();
});

type Database = 'none' | 'postgres' | 'mysql' | 'mongodb';

function formValues(
  name: string,
  language: 'typescript' | 'go',
  database: Database,
  description = `Keeps the ${name} books.`,
) {
  return {
    name,
    description,
    owner: 'group:default/payments',
    system: 'system:default/checkout',
    language,
    database,
    lifecycle: 'experimental',
    tags: ['payments', 'pci-scope'],
    pagerdutyServiceId: 'PABC123',
  };
}

async function clone(name: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `new-service-${name}-`));
  const remote = `http://x-access-token:${devstack.githubToken}@${devstack.urls.githubHost}/acme/${name}.git`;
  const result = await run('git', ['clone', '-q', remote, dir], {
    cwd: os.tmpdir(),
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  expect(result).toMatchObject({ code: 0 });
  return dir;
}

const reposNamed = (name: string) =>
  devstack.forge.state.data.repos.filter(
    r => r.owner === 'acme' && r.name === name,
  );

const pullsFor = (name: string) =>
  devstack.forge.state.data.pulls.filter(
    p =>
      p.repo === 'acme/platform-config' &&
      p.head === `runway/new-service-${name}`,
  );

const announcementsOf = (name: string) =>
  devstack.slack
    .messagesIn('team-payments')
    .filter(m => m.text.startsWith(`Your service ${name} is ready`));

/** The pull request's files, read from the forge's git: path → content. */
async function pullRequestFiles(name: string) {
  const git = devstack.forge.git('acme', 'platform-config');
  const base = (await git.resolve('refs/heads/main'))!;
  const head = (await git.resolve(`refs/heads/runway/new-service-${name}`))!;
  const changed = await git.diffFiles(base, head);
  const tree = await git.lsTree(head, true);
  const files: Record<string, string> = {};
  for (const file of changed) {
    expect(file.status).toBe('added');
    const blob = tree.find(entry => entry.path === file.filename)!;
    files[file.filename] = (await git.readBlob(blob.sha)).toString('utf8');
  }
  return files;
}

/** The module blocks the pull request must hold for these form values. */
function expectedModules(name: string, database: Database) {
  const modules: Record<string, unknown> = {
    service: [
      {
        source: '../../modules/service',
        name,
        team: 'payments',
        cost_center: 'cc-1234',
        tier: 'small',
        database,
      },
    ],
  };
  if (database !== 'none')
    modules.database = [
      {
        source: `../../modules/database/${database}`,
        service: name,
        team: 'payments',
        cost_center: 'cc-1234',
      },
    ];
  return { module: modules };
}

describe.each([
  { name: 'ledger-ts', language: 'typescript', database: 'none' },
  { name: 'ledger-ts-pg', language: 'typescript', database: 'postgres' },
  { name: 'ledger-go-mysql', language: 'go', database: 'mysql' },
  { name: 'ledger-go-mongo', language: 'go', database: 'mongodb' },
] as const)('$language service with database $database', c => {
  const description =
    c.database === 'postgres' ? HOSTILE_DESCRIPTION : undefined;
  const values = formValues(c.name, c.language, c.database, description);
  let result: Awaited<ReturnType<typeof runTask>>;
  let dir: string;

  beforeAll(async () => {
    result = await runTask(backend.server, TEMPLATE, values);
  });

  it('completes and links to the repo, the pull request, the entity and the docs', () => {
    expect({
      status: result.status,
      log: result.status === 'completed' ? '' : result.log,
    }).toEqual({
      status: 'completed',
      log: '',
    });
    const [pull] = pullsFor(c.name);
    expect(result.output.links).toEqual([
      {
        title: 'Repository',
        icon: 'github',
        url: `${devstack.urls.base}/acme/${c.name}/blob/main`,
      },
      {
        title: 'Terraform pull request',
        icon: 'github',
        url: `${devstack.urls.base}/acme/platform-config/pull/${pull.number}`,
      },
      {
        title: 'Open in catalogue',
        icon: 'catalog',
        entityRef: `component:default/${c.name}`,
      },
      {
        title: 'Docs and runbook',
        icon: 'docs',
        url: `http://localhost:3000/docs/default/component/${c.name}`,
      },
    ]);
  });

  it('pushes the rendered service, whose catalog-info.yaml is a valid Component', async () => {
    expect(reposNamed(c.name)).toHaveLength(1);
    dir = await clone(c.name);
    const catalogInfo = YAML.parse(
      fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8'),
    );
    const entity = await validateComponent(catalogInfo);
    expect(entity.metadata).toMatchObject({
      name: c.name,
      description: values.description,
      tags: ['payments', 'pci-scope'],
      annotations: {
        'github.com/project-slug': `acme/${c.name}`,
        'backstage.io/techdocs-ref': 'dir:.',
        'pagerduty.com/service-id': 'PABC123',
        'backstage.io/kubernetes-id': c.name,
        'argocd/app-selector': `runway.dev/service=${c.name}`,
        'backstage.io/source-template': TEMPLATE,
        'runway.dev/database': c.database,
        'grafana/overview-dashboard': `https://grafana.acme.example/d/${c.name}/${c.name}`,
      },
    });
    expect(entity.spec).toMatchObject({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/payments',
      system: 'system:default/checkout',
    });
    for (const file of [
      'docs/index.md',
      'docs/runbook.md',
      'mkdocs.yml',
      'monitoring/alerts.yaml',
      'monitoring/dashboard.json',
      '.github/workflows/ci.yaml',
      'Dockerfile',
      'deploy/deployment.yaml',
    ])
      expect(fs.existsSync(path.join(dir, file))).toBe(true);
    expect(
      fs.existsSync(
        path.join(dir, c.language === 'go' ? 'main.go' : 'src/server.ts'),
      ),
    ).toBe(true);
  });

  if (c.language === 'typescript') {
    it('passes its own tests, as cloned from the forge', async () => {
      const tests = await run('npm', ['test', '--silent'], {
        cwd: dir,
        env: childEnv(),
      });
      expect({
        code: tests.code,
        output: tests.code ? tests.output : '',
      }).toEqual({
        code: 0,
        output: '',
      });
    });
  }

  it('opens one Terraform pull request whose HCL reads back as the form values', async () => {
    const pulls = pullsFor(c.name);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({
      base: 'main',
      state: 'open',
      title: `New service ${c.name}`,
    });
    const files = await pullRequestFiles(c.name);
    expect(Object.keys(files).sort()).toEqual([
      `apps/${c.name}/production.yaml`,
      `apps/${c.name}/staging.yaml`,
      `services/${c.name}/main.tf`,
      `services/${c.name}/platform.tf`,
    ]);
    expect(
      await parseHcl('main.tf', files[`services/${c.name}/main.tf`]),
    ).toEqual(expectedModules(c.name, c.database));
    expect(files[`services/${c.name}/platform.tf`]).toBe(
      fs.readFileSync(
        path.join(repoRoot, 'templates/new-service/terraform/platform.tf'),
        'utf8',
      ),
    );
    // Credentials are Terraform's business (Vault), never the pull request's.
    expect(JSON.stringify(files)).not.toMatch(/password\s*=|secret_string/);
  });

  it('adds its Argo CD Applications to the same pull request: the new repository, tag bootstrap', async () => {
    const files = await pullRequestFiles(c.name);
    const remoteUrl = `${devstack.urls.base}/acme/${c.name}.git`;
    for (const stage of ['staging', 'production']) {
      const docs = YAML.parseAllDocuments(
        files[`apps/${c.name}/${stage}.yaml`],
      );
      expect(docs.map(d => d.errors)).toEqual([[]]);
      const app = docs[0].toJS();
      expect(() => new Application(app).validate()).not.toThrow();
      expect(app).toMatchObject({
        kind: 'Application',
        metadata: {
          name: `${c.name}-${stage}`,
          namespace: 'argocd',
          labels: {
            'app.kubernetes.io/managed-by': 'runway',
            'runway.dev/service': c.name,
            'runway.dev/stage': stage,
          },
        },
        spec: {
          project: 'runway-services',
          source: {
            repoURL: remoteUrl,
            targetRevision: 'main',
            path: 'deploy',
            kustomize: { images: [`ghcr.io/acme/${c.name}:bootstrap`] },
          },
          destination: { namespace: c.name },
        },
      });
    }
    // The source is the repository this task pushed, and its deploy/ is what Kustomize renders.
    expect(
      fs.readFileSync(path.join(dir, 'deploy/kustomization.yaml'), 'utf8'),
    ).toContain('- deployment.yaml');
  });

  it('registers the entity in the catalogue', async () => {
    const entity = await waitForEntity(
      backend.server,
      `component/default/${c.name}`,
    );
    expect(entity.spec.owner).toBe('group:default/payments');
    expect(entity.metadata.description).toBe(values.description);
  });

  it('tells the owner team in its Slack channel, with the links', () => {
    const messages = announcementsOf(c.name);
    expect(messages).toHaveLength(1);
    const blocks = JSON.stringify(messages[0].blocks);
    expect(blocks).toContain(`${devstack.urls.base}/acme/${c.name}/blob/main`);
    expect(blocks).toContain(
      `${devstack.urls.base}/acme/platform-config/pull/`,
    );
    expect(blocks).toContain(
      `http://localhost:3000/catalog/default/component/${c.name}`,
    );
    expect(blocks).toContain(
      `http://localhost:3000/docs/default/component/${c.name}`,
    );
  });
});

describe('a task retried after the catalogue failed it', () => {
  it('ends with exactly one repo, one pull request, one entity and one message', async () => {
    const values = formValues('ledger-retry', 'typescript', 'postgres');
    failRegistrations = 1;
    const created = await createTask(backend.server, TEMPLATE, values);
    expect(created.status).toBe(201);
    const failed = await waitForTask(backend.server, created.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.log).toContain('catalog unavailable (injected by the test)');
    // The failure came after the repository and the pull request, before the entity.
    expect(reposNamed('ledger-retry')).toHaveLength(1);
    expect(pullsFor('ledger-retry')).toHaveLength(1);
    expect(announcementsOf('ledger-retry')).toHaveLength(0);

    const retried = await retryTask(backend.server, created.body.id);
    expect({
      status: retried.status,
      log: retried.status === 'completed' ? '' : retried.log,
    }).toEqual({
      status: 'completed',
      log: '',
    });
    await waitForEntity(backend.server, 'component/default/ledger-retry');
    expect(reposNamed('ledger-retry')).toHaveLength(1);
    expect(pullsFor('ledger-retry')).toHaveLength(1);
    expect(announcementsOf('ledger-retry')).toHaveLength(1);
    const { body: locations } = await request(backend.server)
      .get('/api/catalog/locations')
      .set('Authorization', mockCredentials.user.header());
    expect(
      (locations as Array<{ data: { target: string } }>).filter(l =>
        l.data.target.includes('/acme/ledger-retry/'),
      ),
    ).toHaveLength(1);
  });
});

describe('adversarial input', () => {
  const before = () => ({
    repos: devstack.forge.state.data.repos.length,
    pulls: devstack.forge.state.data.pulls.length,
  });

  it.each([
    ['capitals', 'Ledger'],
    ['spaces', 'led ger'],
    ['41 characters', `l${'e'.repeat(40)}`],
    ['a quote', 'ledger"'],
    ['an interpolation', 'ledger-${var.x}'],
    ['a newline', 'ledger\nmodule'],
    ['a path', '../ledger'],
  ])(
    'a name with %s is refused before the task starts, naming the field',
    async (_what, name) => {
      const was = before();
      const res = await createTask(
        backend.server,
        TEMPLATE,
        formValues(name, 'typescript', 'none'),
      );
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/name/);
      expect(before()).toEqual(was);
    },
  );

  it('a name the catalogue already has fails the first step, and nothing is created', async () => {
    const was = before();
    const result = await runTask(
      backend.server,
      TEMPLATE,
      formValues('payments-api', 'go', 'postgres'),
    );
    expect(result.status).toBe('failed');
    expect(result.log).toContain(
      'name "payments-api" is already in the catalogue (Component, owned by group:default/payments); choose another name.',
    );
    expect(before()).toEqual(was);
  });

  it('a team that is not in the catalogue fails the first step, and nothing is created', async () => {
    const was = before();
    const result = await runTask(backend.server, TEMPLATE, {
      ...formValues('ledger-orphan', 'go', 'none'),
      owner: 'group:default/nobody',
    });
    expect(result.status).toBe('failed');
    expect(result.log).toContain(
      'owner group:default/nobody is not in the catalogue; pick an existing team.',
    );
    expect(before()).toEqual(was);
  });

  it("every answer the forge gave matched GitHub's description", () => {
    expect(devstack.forge.responseViolations).toEqual([]);
  });
});
