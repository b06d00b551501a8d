/**
 * The demo Components' repositories: on the forge from the first start, with their catalog-info,
 * valid Kubernetes manifests Argo CD syncs, CI and its past runs (every answer checked against
 * GitHub's description), and made once per data directory, also for a directory seeded before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { parse, parseAllDocuments } from 'yaml';
import { Devstack, startDevstack } from '../devstack';
import { loadOrg } from '../seed/loadOrg';
import { botClient, expectNoViolations } from './__testUtils__/webhookReceiver';

jest.setTimeout(60_000);

const examplesDir = path.resolve(__dirname, '../../../../examples');
const components = loadOrg(examplesDir).components!;
const cart = { owner: 'acme', repo: 'cart-service' };

let devstack: Devstack;
let octokit: Octokit;

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
    argocd: { progressingMs: 0 },
  });
  octokit = botClient(devstack);
});
afterAll(() => devstack.stop());
afterEach(() => expectNoViolations(devstack));

async function file(repo: string, filePath: string, ref?: string) {
  const { data } = await octokit.rest.repos.getContent({
    owner: 'acme',
    repo,
    path: filePath,
    ref,
  });
  if (Array.isArray(data) || data.type !== 'file')
    throw new Error(`${filePath} is not a file`);
  return Buffer.from(data.content, 'base64').toString('utf8');
}

describe('the demo repositories', () => {
  it('exist for every demo Component with a project slug, private, owned by its team', async () => {
    expect(components.map(c => c.repo)).toEqual(
      expect.arrayContaining([
        'cart-service',
        'payments-api',
        'storefront-web',
      ]),
    );
    for (const { repo, entity } of components) {
      const { data } = await octokit.rest.repos.get({ owner: 'acme', repo });
      expect(data).toMatchObject({
        full_name: `acme/${repo}`,
        private: true,
        default_branch: 'main',
        description: String(entity.metadata.description).trim(),
      });
      const team = entity.spec.owner.replace(/^group:(default\/)?/, '');
      expect(devstack.forge.state.repo('acme', repo)!.teams).toEqual({
        [team]: 'admin',
      });
    }
  });

  it("hold README, the entity's catalog-info.yaml, deploy/ and CI on main", async () => {
    for (const { repo, entity } of components) {
      const catalogInfo = await file(repo, 'catalog-info.yaml');
      const docs = parseAllDocuments(catalogInfo);
      expect(docs).toHaveLength(1);
      expect(docs[0].errors).toEqual([]);
      expect(docs[0].toJS()).toEqual(entity);
      expect(await file(repo, 'README.md')).toContain(
        `# ${entity.metadata.title ?? entity.metadata.name}`,
      );
      const kustomization = parse(
        await file(repo, 'deploy/kustomization.yaml'),
      );
      expect(kustomization.resources).toEqual([
        'deployment.yaml',
        'service.yaml',
      ]);
      const ci = parse(await file(repo, '.github/workflows/ci.yaml'));
      expect(Object.keys(ci.jobs)).toEqual(['lint', 'test']);
    }
    // A Component kept with its TechDocs brings them (techdocs-ref dir:.).
    expect(await file('payments-api', 'mkdocs.yml')).toBe(
      fs.readFileSync(
        path.join(examplesDir, 'components/payments-api/mkdocs.yml'),
        'utf8',
      ),
    );
  });

  it('have deploy manifests Kubernetes accepts: non-root, with resources, probes and the service labels', async () => {
    for (const { repo, entity } of components) {
      const id = entity.metadata.annotations['backstage.io/kubernetes-id'];
      const labels = {
        'app.kubernetes.io/name': entity.metadata.name,
        'backstage.io/kubernetes-id': id,
      };
      const deployment = new Deployment(
        parse(await file(repo, 'deploy/deployment.yaml')),
      );
      deployment.validate();
      expect(deployment.metadata!.labels).toEqual(labels);
      expect(deployment.spec!.template.metadata!.labels).toEqual(labels);
      const pod = deployment.spec!.template.spec!;
      expect(pod.securityContext!.runAsNonRoot).toBe(true);
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
        });
        expect(container.resources!.requests).toBeDefined();
        expect(container.resources!.limits).toBeDefined();
        expect(container.readinessProbe!.httpGet).toBeDefined();
        expect(container.livenessProbe!.httpGet).toBeDefined();
      }
      const service = new Service(
        parse(await file(repo, 'deploy/service.yaml')),
      );
      service.validate();
      expect(service.metadata!.labels).toEqual(labels);
    }
  });

  it('are what Argo CD syncs the demo Applications from: Healthy and Synced, none missing its source', async () => {
    const applications = await devstack.argocd.applications();
    for (const { repo } of components) {
      const stages = fs.existsSync(
        path.join(examplesDir, 'platform-config/apps', repo),
      );
      const apps = applications.filter(
        a => a.metadata.labels?.['runway.dev/service'] === repo,
      );
      expect(apps.length > 0).toBe(stages);
      for (const app of apps) {
        expect([
          app.metadata.name,
          app.status?.health?.status,
          app.status?.sync?.status,
          app.status?.health?.message,
        ]).toEqual([app.metadata.name, 'Healthy', 'Synced', undefined]);
      }
    }
  });
});

describe('their GitHub Actions history', () => {
  it('lists past runs of CI for cart-service, mostly passing, one failed pull request, at commits of the repository', async () => {
    const { data } = await octokit.rest.actions.listWorkflowRunsForRepo(cart);
    expect(data.total_count).toBe(5);
    const runs = data.workflow_runs;
    expect(runs.every(r => r.name === 'CI' && r.status === 'completed')).toBe(
      true,
    );
    expect(runs.filter(r => r.conclusion === 'failure')).toEqual([
      expect.objectContaining({
        event: 'pull_request',
        head_branch: 'feat/otel-tracing',
      }),
    ]);
    expect(runs.filter(r => r.conclusion === 'success')).toHaveLength(4);
    // Newest first, over the last days.
    const times = runs.map(r => Date.parse(r.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(Date.now() - times[times.length - 1]).toBeGreaterThan(5 * 86400_000);
    const { data: commits } = await octokit.rest.repos.listCommits(cart);
    const onMain = runs.filter(r => r.head_branch === 'main');
    expect(onMain.map(r => r.head_sha)).toEqual(commits.map(c => c.sha));
    expect(onMain[0].head_commit!.message).toBe(commits[0].commit.message);
    for (const run of runs) {
      const { data: commit } = await octokit.rest.git.getCommit({
        ...cart,
        commit_sha: run.head_sha,
      });
      expect(commit.message.trim()).toBe(run.display_title);
    }

    const failed = runs.find(r => r.conclusion === 'failure')!;
    const { data: jobs } = await octokit.rest.actions.listJobsForWorkflowRun({
      ...cart,
      run_id: failed.id,
    });
    expect(jobs.jobs.map(j => [j.name, j.conclusion])).toEqual([
      ['Lint', 'success'],
      ['Test', 'failure'],
    ]);
    expect(jobs.jobs[1].steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Run tests', conclusion: 'failure' }),
      ]),
    );
    const { data: workflows } = await octokit.rest.actions.listRepoWorkflows(
      cart,
    );
    expect(workflows.workflows).toEqual([
      expect.objectContaining({
        name: 'CI',
        path: '.github/workflows/ci.yaml',
      }),
    ]);
  });
});

describe('a data directory', () => {
  it('seeded before the demo repositories gets them; one whose demo repository was deleted keeps it deleted', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-repos-'));
    try {
      let stack = await startDevstack({ port: 0, smtpPort: 0, dataDir });
      await stack.stop();
      // As a data directory written before the demo repositories existed.
      const stateFile = path.join(dataDir, 'forge.json');
      const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
      const demo = new Set(components.map(c => c.repo));
      delete state.demoReposSeeded;
      state.repos = state.repos.filter((r: any) => !demo.has(r.name));
      state.workflowRuns = state.workflowRuns.filter(
        (r: any) => !demo.has(r.repo.split('/')[1]),
      );
      fs.writeFileSync(stateFile, JSON.stringify(state));
      for (const repo of demo)
        fs.rmSync(path.join(dataDir, 'repos/acme', `${repo}.git`), {
          recursive: true,
        });

      stack = await startDevstack({ port: 0, smtpPort: 0, dataDir });
      let client = botClient(stack);
      expect(
        (await client.rest.actions.listWorkflowRunsForRepo(cart)).data
          .total_count,
      ).toBe(5);
      await client.rest.repos.delete(cart);
      await stack.stop();

      stack = await startDevstack({ port: 0, smtpPort: 0, dataDir });
      client = botClient(stack);
      const gone = await client.rest.repos.get(cart).catch(e => e);
      expect(gone.status).toBe(404);
      expect(
        (await client.rest.repos.get({ owner: 'acme', repo: 'payments-api' }))
          .status,
      ).toBe(200);
      await stack.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
