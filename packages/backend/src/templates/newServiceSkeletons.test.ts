/**
 * The skeletons of the "new backend service" golden path (templates/new-service/skeletons),
 * rendered by Backstage's real fetch:template action with a hostile description, for every
 * language with and without a database. The rendered files must parse and validate as what
 * they are (catalogue entity, mkdocs.yml, PrometheusRule, Grafana dashboard, Kubernetes
 * manifests, GitHub workflow through action-validator), and the rendered services must work:
 * the TypeScript service's own tests pass, its sources type-check, and its server answers
 * /healthz and /metrics and stops on SIGTERM. Where Go and mkdocs are installed, the Go service's
 * own tests and a strict TechDocs build run too.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import YAML from 'yaml';
import { validateComponent } from '../__testUtils__/entities';
import { childEnv, run } from '../__testUtils__/processes';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const templateYaml = path.join(repoRoot, 'templates/new-service/template.yaml');
const actionValidator = path.join(
  repoRoot,
  'node_modules/.bin/action-validator',
);

/**
 * Quotes, a template-literal interpolation, a newline that would start a YAML key or a Markdown
 * list, a comment, HTML and a Markdown link.
 */
const HOSTILE_DESCRIPTION = [
  '"quotes", $',
  '{interp}, newline\n- key: injected, # comment, <script> [x](javascript:alert(1))',
].join('');

/** What the skeletons' Markdown files make of a description (see their `replace` filters). */
function markdownEscaped(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

type Language = 'typescript' | 'go';
type Database = 'none' | 'postgres';

interface Case {
  language: Language;
  database: Database;
  githubHost: string;
}

// Each language is rendered without and with a database, once for github.com and once for the
// devstack's forge (a host with a port, served over http).
const cases: Case[] = [
  { language: 'typescript', database: 'none', githubHost: 'github.com' },
  {
    language: 'typescript',
    database: 'postgres',
    githubHost: 'localhost:7070',
  },
  { language: 'go', database: 'none', githubHost: 'github.com' },
  { language: 'go', database: 'postgres', githubHost: 'localhost:7070' },
];

const ALERTS = ['HighErrorRate', 'HighLatency', 'PodRestarting', 'TargetDown'];

function valuesFor(c: Case) {
  return {
    name: `ledger-${c.language}-${c.database}`,
    description: HOSTILE_DESCRIPTION,
    owner: 'group:default/payments',
    system: 'system:default/checkout',
    lifecycle: 'experimental',
    tags: ['payments', c.language],
    pagerdutyServiceId: 'PABC123',
    database: c.database,
    githubHost: c.githubHost,
    githubOrg: 'acme',
    grafanaBaseUrl: 'https://grafana.acme.example',
    templateRef: 'template:default/new-service',
    imageRegistry: 'registry.acme.example/acme',
  };
}

/** Renders one skeleton exactly as the template's `render` step will: `url: ./skeletons/<language>`. */
async function render(c: Case, root: string): Promise<string> {
  const action = createFetchTemplateAction({
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    // A file:// template is copied from disk; the reader is only used for remote templates.
    reader: {
      readUrl: () => Promise.reject(new Error('no remote reads')),
      readTree: () => Promise.reject(new Error('no remote reads')),
      search: () => Promise.reject(new Error('no remote reads')),
    },
  });
  const workspacePath = path.join(root, 'workspace');
  const ctx = createMockActionContext({
    input: { url: `./skeletons/${c.language}`, values: valuesFor(c) },
    templateInfo: {
      baseUrl: `file://${templateYaml}`,
      entityRef: 'template:default/new-service',
    },
    workspacePath,
  });
  await action.handler({
    ...ctx,
    createTemporaryDirectory: () =>
      fs.promises.mkdtemp(path.join(root, 'template-')),
  });
  return workspacePath;
}

function httpGet(
  url: string,
): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body,
        }),
      );
    });
    req.setTimeout(5_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.once('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const read = (dir: string, file: string) =>
  fs.readFileSync(path.join(dir, file), 'utf8');

const readYaml = (dir: string, file: string) => YAML.parse(read(dir, file));

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const rel = path.join(prefix, entry.name);
    return entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), rel)
      : [rel];
  });
}

const hasGo = spawnSync('go', ['version']).status === 0;
const hasMkdocs = spawnSync('mkdocs', ['--version']).status === 0;

describe.each(cases)(
  '$language skeleton, database $database, forge $githubHost',
  c => {
    const values = valuesFor(c);
    const { name } = values;
    const repoUrl = `${
      c.githubHost.startsWith('localhost') ? 'http' : 'https'
    }://${c.githubHost}/acme/${name}`;
    const runbookUrl = `${repoUrl}/blob/main/docs/runbook.md`;
    const dashboardUrl = `https://grafana.acme.example/d/${name}/${name}`;
    const mockDir = createMockDirectory();
    let dir: string;

    beforeAll(async () => {
      dir = await render(c, mockDir.path);
    });

    it('renders every file, with no template syntax left over', () => {
      const files = listFiles(dir).sort();
      const common = [
        '.dockerignore',
        '.github/workflows/ci.yaml',
        'Dockerfile',
        'catalog-info.yaml',
        'deploy/deployment.yaml',
        'deploy/kustomization.yaml',
        'deploy/service.yaml',
        'deploy/servicemonitor.yaml',
        'docs/index.md',
        'docs/runbook.md',
        'mkdocs.yml',
        'monitoring/alerts.yaml',
        'monitoring/dashboard.json',
      ];
      const own =
        c.language === 'typescript'
          ? [
              '.nvmrc',
              'package.json',
              'tsconfig.json',
              'src/server.ts',
              'src/metrics.ts',
              'src/server.test.ts',
              'src/metrics.test.ts',
            ]
          : ['go.mod', 'main.go', 'main_test.go'];
      expect(files).toEqual(expect.arrayContaining([...common, ...own]));
      for (const file of files) {
        const text = read(dir, file);
        expect({
          file,
          leftover: /\{%|\{#|\$\{\{\s*values/.test(text),
        }).toEqual({ file, leftover: false });
      }
    });

    it('catalog-info.yaml is a valid Component carrying the description verbatim', async () => {
      const docs = YAML.parseAllDocuments(read(dir, 'catalog-info.yaml'));
      expect(docs).toHaveLength(1);
      expect(docs[0].errors).toEqual([]);
      const entity = await validateComponent(docs[0].toJS());

      expect(entity.metadata.name).toBe(name);
      expect(entity.metadata.description).toBe(HOSTILE_DESCRIPTION);
      expect(Object.keys(entity.metadata).sort()).toEqual(
        [
          'annotations',
          'description',
          'links',
          'name',
          'namespace',
          'tags',
        ].sort(),
      );
      expect(entity).not.toHaveProperty('key');
      expect(entity.metadata.tags).toEqual(['payments', c.language]);
      expect(entity.metadata.annotations).toEqual({
        'github.com/project-slug': `acme/${name}`,
        'backstage.io/techdocs-ref': 'dir:.',
        'grafana/overview-dashboard': dashboardUrl,
        'pagerduty.com/service-id': 'PABC123',
        'backstage.io/kubernetes-id': name,
        'argocd/app-selector': `runway.dev/service=${name}`,
        'backstage.io/source-template': 'template:default/new-service',
        'runway.dev/database': c.database,
      });
      expect(entity.metadata.links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ url: dashboardUrl }),
          expect.objectContaining({ url: runbookUrl }),
        ]),
      );
      expect(entity.spec).toMatchObject({
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/payments',
        system: 'system:default/checkout',
      });
      // dependsOn only when there is a database.
      expect(entity.spec?.dependsOn ?? 'absent').toEqual(
        c.database === 'none' ? 'absent' : [`resource:default/${name}-db`],
      );
    });

    it('mkdocs.yml is in the canonical form, and the docs carry the description escaped', () => {
      expect(readYaml(dir, 'mkdocs.yml')).toEqual({
        site_name: name,
        site_description: `Docs and runbook of ${name}`,
        nav: [{ Overview: 'index.md' }, { Runbook: 'runbook.md' }],
        theme: { name: 'material', font: false },
        plugins: ['search'],
        markdown_extensions: [
          'admonition',
          { toc: { permalink: true } },
          'tables',
          'fenced_code',
        ],
      });
      expect(read(dir, 'docs/index.md')).toContain(
        markdownEscaped(HOSTILE_DESCRIPTION),
      );
      expect(read(dir, 'README.md')).toContain(
        markdownEscaped(HOSTILE_DESCRIPTION),
      );
    });

    // scripts/test.sh requires mkdocs (TechDocs builds with it), so CI always runs this.
    (hasMkdocs ? describe : describe.skip)('with mkdocs installed', () => {
      it('TechDocs build with mkdocs --strict', async () => {
        const result = await run(
          'mkdocs',
          ['build', '--strict', '--site-dir', mockDir.resolve('site')],
          { cwd: dir, env: childEnv() },
        );
        expect(result.output).not.toMatch(/^(WARNING|ERROR)\b/m);
        expect(result.code).toBe(0);
        expect(fs.existsSync(mockDir.resolve('site/runbook/index.html'))).toBe(
          true,
        );
        // The description is one paragraph of text: no list, link, heading or HTML of its own.
        const index = fs.readFileSync(
          mockDir.resolve('site/index.html'),
          'utf8',
        );
        const article = /<article[^>]*>([\s\S]*?)<\/article>/.exec(index)![1];
        expect(article).toContain('&lt;script&gt;');
        expect(article).toContain('[x](javascript:alert(1))');
        expect(article).not.toMatch(
          /<script|href="javascript:|<li>\s*key: injected/,
        );
        expect(index).not.toContain('injected, # comment, <script>');
      });
    });

    it('monitoring/alerts.yaml holds the four alerts, each with a runbook section', () => {
      const rule = readYaml(dir, 'monitoring/alerts.yaml');
      expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(rule.kind).toBe('PrometheusRule');
      const rules = rule.spec.groups.flatMap(
        (g: { rules: unknown[] }) => g.rules,
      );
      expect(rules.map((r: { alert: string }) => r.alert)).toEqual(ALERTS);
      const runbook = read(dir, 'docs/runbook.md');
      for (const r of rules) {
        expect(r.expr).toEqual(expect.any(String));
        expect(r.labels).toEqual({
          severity: expect.stringMatching(/^(critical|warning)$/),
          service: name,
        });
        expect(r.annotations.runbook_url).toBe(
          `${runbookUrl}#${r.alert.toLowerCase()}`,
        );
        expect(runbook).toContain(`\n## ${r.alert}\n`);
      }
      expect(rules[0].expr).toContain(`http_requests_total{job="${name}"`);
      expect(rules[1].expr).toContain('histogram_quantile(0.99');
      expect(runbook).toContain('PABC123');
      expect(runbook).toContain(dashboardUrl);
    });

    it('monitoring/dashboard.json is a Grafana dashboard on the service metrics', () => {
      const dashboard = JSON.parse(read(dir, 'monitoring/dashboard.json'));
      expect(dashboard.uid).toBe(name);
      expect(dashboard.title).toBe(name);
      expect(dashboard.description).toBe(HOSTILE_DESCRIPTION);
      const titles = dashboard.panels.map((p: { title: string }) => p.title);
      expect(titles).toEqual([
        'Request rate',
        'Error rate',
        'Latency',
        'Uptime',
      ]);
      const exprs: string = dashboard.panels
        .flatMap((p: { targets: { expr: string }[] }) => p.targets)
        .map((t: { expr: string }) => t.expr)
        .join('\n');
      expect(exprs).toContain(`http_requests_total{job="${name}"}`);
      expect(exprs).toContain('http_request_duration_seconds_bucket');
      expect(exprs).toContain('process_uptime_seconds');
    });

    it('deploy/ holds a hardened Deployment, a Service and a ServiceMonitor', () => {
      const deployment = readYaml(dir, 'deploy/deployment.yaml');
      expect(deployment.kind).toBe('Deployment');
      expect(deployment.metadata.name).toBe(name);
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.containers).toHaveLength(1);
      const [container] = pod.containers;
      expect(container.image).toBe(`registry.acme.example/acme/${name}:0.1.0`);
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext.runAsUser).toBeGreaterThan(0);
      expect(container.resources).toEqual({
        requests: { cpu: expect.any(String), memory: expect.any(String) },
        limits: { cpu: expect.any(String), memory: expect.any(String) },
      });
      for (const probe of ['livenessProbe', 'readinessProbe']) {
        expect(container[probe].httpGet).toEqual({
          path: '/healthz',
          port: 'http',
        });
      }
      expect(container.ports).toEqual([
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
      ]);
      // The database's credentials come from the Secret <name>-db, when there is a database.
      expect(container.envFrom ?? 'absent').toEqual(
        c.database === 'none'
          ? 'absent'
          : [{ secretRef: { name: `${name}-db` } }],
      );

      const service = readYaml(dir, 'deploy/service.yaml');
      expect(service.kind).toBe('Service');
      expect(service.spec.selector).toEqual(
        deployment.spec.selector.matchLabels,
      );
      // Argo CD renders deploy/ with Kustomize: every manifest is listed, and no tag is pinned
      // there (platform-config's Application sets it).
      expect(readYaml(dir, 'deploy/kustomization.yaml')).toEqual({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: fs
          .readdirSync(path.join(dir, 'deploy'))
          .filter(file => file !== 'kustomization.yaml')
          .sort(),
      });
      const monitor = readYaml(dir, 'deploy/servicemonitor.yaml');
      expect(monitor.kind).toBe('ServiceMonitor');
      // The ServiceMonitor selects the Service by its labels.
      expect(service.metadata.labels).toMatchObject(
        monitor.spec.selector.matchLabels,
      );
      expect(monitor.spec.endpoints).toEqual([
        expect.objectContaining({ port: 'http', path: '/metrics' }),
      ]);
    });

    it('the Dockerfile runs as a non-root user and checks its health', () => {
      const dockerfile = read(dir, 'Dockerfile');
      const users = [...dockerfile.matchAll(/^USER (\S+)/gm)].map(m => m[1]);
      expect(users.length).toBeGreaterThan(0);
      expect(['root', '0', '0:0']).not.toContain(users[users.length - 1]);
      expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
      expect(dockerfile).toMatch(/^HEALTHCHECK /m);
      expect(users[users.length - 1]).toBe(
        c.language === 'typescript' ? 'node' : '65532:65532',
      );
    });

    it('the workflow passes action-validator and scopes its permissions', async () => {
      const file = path.join(dir, '.github/workflows/ci.yaml');
      const result = await run(actionValidator, [file], { cwd: dir });
      expect(result).toEqual({ code: 0, output: expect.any(String) });

      const workflow = readYaml(dir, '.github/workflows/ci.yaml');
      expect(workflow.permissions).toEqual({ contents: 'read' });
      expect(Object.keys(workflow.jobs).sort()).toEqual(
        [
          'build',
          'catalog-info',
          'deploy-production',
          'deploy-staging',
          'image',
          'test',
        ].sort(),
      );
      for (const job of ['test', 'build', 'catalog-info']) {
        expect(workflow.jobs[job]).not.toHaveProperty('permissions');
      }
      const image = workflow.jobs.image;
      expect(image.permissions).toEqual({
        contents: 'read',
        packages: 'write',
      });
      expect(image.if).toContain("github.ref == 'refs/heads/main'");
      expect(image.if).toContain("github.event_name == 'push'");
      expect(workflow.jobs['catalog-info'].steps).toContainEqual({
        uses: 'acme/runway/.github/actions/runway-check@main',
        with: { command: 'catalog check' },
      });
      expect(workflow.env.IMAGE).toBe(`registry.acme.example/acme/${name}`);
      expect(workflow.env.SERVICE).toBe(name);
      // After the image push, on main only: the staging bump, then production's.
      expect(workflow.jobs['deploy-staging'].needs).toBe('image');
      expect(workflow.jobs['deploy-production'].needs).toBe('deploy-staging');
      for (const stage of ['staging', 'production']) {
        const job = workflow.jobs[`deploy-${stage}`];
        expect(job.if).toBe(image.if);
        // No GITHUB_TOKEN rights: platform-config is written with the App's token alone.
        expect(job.permissions).toEqual({});
        expect(JSON.stringify(job)).not.toMatch(/GITHUB_TOKEN|github\.token/);
        expect(job.steps).toEqual([
          {
            id: 'token',
            uses: 'actions/create-github-app-token@v1',
            with: expect.objectContaining({ repositories: 'platform-config' }),
          },
          {
            uses: 'acme/runway/.github/actions/runway-deploy@main',
            with: {
              service: '${{ env.SERVICE }}',
              stage,
              'image-tag': '${{ github.sha }}',
              token: '${{ steps.token.outputs.token }}',
            },
          },
        ]);
      }

      expect(JSON.stringify(workflow.jobs.test.steps)).toContain(
        c.language === 'typescript' ? 'npm test' : 'go test',
      );
    });

    if (c.language === 'typescript') {
      it('the image is node:22-bookworm-slim running src/server.ts', () => {
        const dockerfile = read(dir, 'Dockerfile');
        expect(dockerfile).toMatch(/^FROM node:22-bookworm-slim$/m);
        const cmd = dockerfile.match(/^CMD (.*)$/m)?.[1];
        expect(JSON.parse(cmd ?? 'null')).toEqual(['node', 'src/server.ts']);
      });

      it('package.json names the service and has no runtime dependencies', () => {
        const pkg = JSON.parse(read(dir, 'package.json'));
        expect(pkg).toMatchObject({
          name,
          description: HOSTILE_DESCRIPTION,
          type: 'module',
          scripts: { start: 'node src/server.ts' },
        });
        expect(pkg.engines.node).toMatch(/22/);
        expect(pkg).not.toHaveProperty('dependencies');
        expect(read(dir, '.nvmrc').trim()).toBe('22');
        expect(
          JSON.parse(read(dir, 'tsconfig.json')).compilerOptions,
        ).toMatchObject({
          allowImportingTsExtensions: true,
          noEmit: true,
          erasableSyntaxOnly: true,
        });
      });

      it("the service's own tests pass with `npm test` (node --test, no install)", async () => {
        const result = await run('npm', ['test'], {
          cwd: dir,
          env: childEnv(),
        });
        expect(result.output).toMatch(/^# fail 0$/m);
        expect(result.output).toMatch(/^# pass [1-9]\d*$/m);
        expect(result.code).toBe(0);
      });

      it('the sources type-check with tsc (erasable syntax only)', async () => {
        const result = await run(
          process.execPath,
          [
            path.join(repoRoot, 'node_modules/typescript/bin/tsc'),
            '-p',
            dir,
            '--typeRoots',
            path.join(repoRoot, 'node_modules/@types'),
          ],
          { cwd: dir, env: childEnv() },
        );
        expect(result).toEqual({ code: 0, output: '' });
      });

      it('the server answers /healthz and /metrics, and exits 0 on SIGTERM', async () => {
        const port = await freePort();
        const server = spawn('node', ['src/server.ts'], {
          cwd: dir,
          env: childEnv({ PORT: String(port) }),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        server.stdout.on('data', chunk => {
          output += chunk;
        });
        server.stderr.on('data', chunk => {
          output += chunk;
        });
        const exited = new Promise<number | null>(resolve =>
          server.once('exit', code => resolve(code)),
        );
        try {
          const base = `http://127.0.0.1:${port}`;
          let health: Awaited<ReturnType<typeof httpGet>> | undefined;
          for (let i = 0; i < 100 && !health; i++) {
            health = await httpGet(`${base}/healthz`).catch(() => undefined);
            if (!health) await new Promise(r => setTimeout(r, 100));
          }
          expect(health).toBeDefined();
          expect(health!.status).toBe(200);
          expect(JSON.parse(health!.body)).toEqual({ status: 'ok' });

          const root = await httpGet(`${base}/`);
          expect(JSON.parse(root.body)).toMatchObject({ service: name });

          const metrics = await httpGet(`${base}/metrics`);
          expect(metrics.status).toBe(200);
          expect(metrics.contentType).toBe(
            'text/plain; version=0.0.4; charset=utf-8',
          );
          expect(metrics.body).toMatch(/^# TYPE http_requests_total counter$/m);
          expect(metrics.body).toMatch(
            /^http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+$/m,
          );
          expect(metrics.body).toMatch(
            /^# TYPE http_request_duration_seconds histogram$/m,
          );
          expect(metrics.body).toMatch(
            /^# TYPE process_uptime_seconds gauge$/m,
          );
          expect(metrics.body).toMatch(/^process_uptime_seconds [\d.e+-]+$/m);

          server.kill('SIGTERM');
          expect(await exited).toBe(0);
          expect(output).toContain('"message":"shutting down"');
        } finally {
          if (server.exitCode === null && server.signalCode === null) {
            server.kill('SIGKILL');
          }
        }
      });
    } else {
      it('go.mod declares the repository as its module, without a port', () => {
        const host = c.githubHost.split(':')[0];
        expect(read(dir, 'go.mod')).toMatch(
          new RegExp(`^module ${host}/acme/${name}$`, 'm'),
        );
        expect(read(dir, 'go.mod')).toMatch(/^go 1\.22$/m);
        expect(read(dir, 'main.go')).toContain(`const serviceName = "${name}"`);
      });

      // Go is not part of every Runway machine. Where it is, the rendered service must vet and
      // pass its tests. (The skeleton sticks to Go 1.19 features so that Debian bookworm's Go
      // can check it, although go.mod asks for 1.22.)
      (hasGo ? describe : describe.skip)('with Go installed', () => {
        it("the service's own tests pass with `go vet` and `go test`", async () => {
          const env = childEnv({
            GOFLAGS: '-mod=mod',
            GOPROXY: 'off',
            GOTOOLCHAIN: 'local',
            GOWORK: 'off',
            GOCACHE:
              process.env.GOCACHE ??
              (process.env.HOME ? undefined : mockDir.resolve('gocache')),
          });
          if (!env.GOCACHE) delete env.GOCACHE;
          const vet = await run('go', ['vet', './...'], { cwd: dir, env });
          expect(vet).toEqual({ code: 0, output: '' });
          const test = await run('go', ['test', '-count=1', '-v', './...'], {
            cwd: dir,
            env,
          });
          expect(test.output).toMatch(/^--- PASS: TestMetricsEndpoint/m);
          expect(test.output).toMatch(/^--- PASS: TestRunShutsDownGracefully/m);
          expect(test.output).not.toMatch(/^--- FAIL/m);
          expect(test.code).toBe(0);
        });
      });
    }
  },
);
