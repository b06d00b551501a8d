/**
 * The Argo CD Applications of the "new backend service" golden path (templates/new-service/apps),
 * rendered by Backstage's real fetch:template as the template's `applications` step renders them:
 * each must be a valid Argo CD Application (the argo-cd schema of kubernetes-models) with the
 * contract's name, labels, project, source and `bootstrap` tag; deployable under platform-config's
 * AppProject runway-services (examples/platform-config/argocd); clean under Runway's policies;
 * and no value, however hostile, may add a key or a document.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  AppProject,
  Application,
} from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import {
  defaultPoliciesDir,
  loadPolicies,
  readInputs,
} from '@runway/policy-engine';
import YAML from 'yaml';

const repoRoot = path.resolve(__dirname, '../../../..');
const templateDir = path.join(repoRoot, 'templates/new-service');
const argocdDir = path.join(repoRoot, 'examples/platform-config/argocd');

const STAGES = ['staging', 'production'] as const;

const values = {
  name: 'ledger',
  repoUrl: 'https://github.com/acme/ledger.git',
  imageRegistry: 'registry.acme.example/acme',
};

/** A repository URL and a registry that would add keys, a document and a comment if pasted. */
const hostile = {
  name: 'ledger',
  repoUrl:
    'https://github.com/acme/ledger.git"\n  project: default\n---\nkind: Secret # x',
  imageRegistry: "registry.acme.example/acme' ]\n    - evil:latest #",
};

/** Renders templates/new-service/apps exactly as the template's `applications` step does. */
async function render(
  input: Record<string, string>,
  root: string,
): Promise<string> {
  const action = createFetchTemplateAction({
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    reader: {
      readUrl: () => Promise.reject(new Error('no remote reads')),
      readTree: () => Promise.reject(new Error('no remote reads')),
      search: () => Promise.reject(new Error('no remote reads')),
    },
  });
  fs.mkdirSync(root, { recursive: true });
  const workspacePath = path.join(root, 'workspace');
  const ctx = createMockActionContext({
    input: {
      url: './apps',
      targetPath: './platform-config-apps',
      values: input,
    },
    templateInfo: {
      baseUrl: `file://${path.join(templateDir, 'template.yaml')}`,
      entityRef: 'template:default/new-service',
    },
    workspacePath,
  });
  await action.handler({
    ...ctx,
    createTemporaryDirectory: () =>
      fs.promises.mkdtemp(path.join(root, 'template-')),
  });
  return path.join(workspacePath, 'platform-config-apps');
}

function documents(dir: string, file: string) {
  const docs = YAML.parseAllDocuments(
    fs.readFileSync(path.join(dir, file), 'utf8'),
  );
  for (const doc of docs) expect(doc.errors).toEqual([]);
  return docs.map(doc => doc.toJS());
}

const projects = YAML.parseAllDocuments(
  fs.readFileSync(path.join(argocdDir, 'appproject.yaml'), 'utf8'),
).map(doc => doc.toJS());
const project = (name: string) => projects.find(p => p.metadata.name === name);

// Argo CD's glob for destinations and sourceRepos, as far as these projects use it (`*`).
const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
/** Argo CD's rule: a destination matches an allow entry and no `!` (deny) entry. */
function admits(
  destinations: Array<{ server: string; namespace: string }>,
  server: string,
  namespace: string,
) {
  const strip = (p: string) => p.replace(/^!/, '');
  const isDeny = (d: { server: string; namespace: string }) =>
    d.server.startsWith('!') || d.namespace.startsWith('!');
  const hit = (d: { server: string; namespace: string }) =>
    glob(strip(d.server)).test(server) &&
    glob(strip(d.namespace)).test(namespace);
  return (
    destinations.some(d => !isDeny(d) && hit(d)) &&
    !destinations.some(d => isDeny(d) && hit(d))
  );
}

describe('the Applications of a new service', () => {
  const mockDir = createMockDirectory();
  let dir: string;

  beforeAll(async () => {
    dir = await render(values, mockDir.path);
  });

  it('are exactly staging.yaml and production.yaml', () => {
    expect(fs.readdirSync(dir).sort()).toEqual([
      'production.yaml',
      'staging.yaml',
    ]);
  });

  it.each(STAGES)(
    '%s is one valid Argo CD Application with the contract’s fields',
    stage => {
      const docs = documents(dir, `${stage}.yaml`);
      expect(docs).toHaveLength(1);
      const [app] = docs;
      expect(() => new Application(app).validate()).not.toThrow();
      expect(app).toEqual({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: `ledger-${stage}`,
          namespace: 'argocd',
          labels: {
            'app.kubernetes.io/managed-by': 'runway',
            'runway.dev/service': 'ledger',
            'runway.dev/stage': stage,
          },
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: 'runway-services',
          source: {
            repoURL: 'https://github.com/acme/ledger.git',
            targetRevision: 'main',
            path: 'deploy',
            kustomize: {
              images: ['registry.acme.example/acme/ledger:bootstrap'],
            },
          },
          destination: {
            server: expect.stringMatching(/^https:\/\//),
            namespace: 'ledger',
          },
          syncPolicy: {
            // Staging heals drift; production's gate is the reviewed merge.
            automated:
              stage === 'staging'
                ? { prune: true, selfHeal: true }
                : { prune: true },
            syncOptions: ['CreateNamespace=false'],
            retry: expect.objectContaining({ limit: 5 }),
          },
        },
      });
    },
  );

  it('deploy to two clusters, so staging and production never share a namespace', () => {
    const [staging] = documents(dir, 'staging.yaml');
    const [production] = documents(dir, 'production.yaml');
    expect(staging.spec.destination.server).not.toBe(
      production.spec.destination.server,
    );
  });

  it.each(STAGES)(
    '%s is admitted by the AppProject runway-services, and the skeletons’ kinds are too',
    stage => {
      const [app] = documents(dir, `${stage}.yaml`);
      const services = project('runway-services');
      expect(() => new AppProject(services).validate()).not.toThrow();
      expect(
        services.spec.sourceRepos.some((repo: string) =>
          glob(repo).test(app.spec.source.repoURL),
        ),
      ).toBe(true);
      expect(
        admits(
          services.spec.destinations,
          app.spec.destination.server,
          app.spec.destination.namespace,
        ),
      ).toBe(true);
      for (const namespace of ['kube-system', 'argocd', 'default', 'env-pr-1'])
        expect({
          namespace,
          admitted: admits(
            services.spec.destinations,
            app.spec.destination.server,
            namespace,
          ),
        }).toEqual({ namespace, admitted: false });
      // Every kind a skeleton's deploy/ holds (the Kustomization is Argo CD's input, not a resource).
      const kinds = new Set<string>();
      for (const language of ['typescript', 'go'])
        for (const file of fs.readdirSync(
          path.join(templateDir, 'skeletons', language, 'deploy'),
        )) {
          const text = fs.readFileSync(
            path.join(templateDir, 'skeletons', language, 'deploy', file),
            'utf8',
          );
          const apiVersion = /^apiVersion: (\S+)$/m.exec(text)![1];
          const kind = /^kind: (\S+)$/m.exec(text)![1];
          if (kind === 'Kustomization') continue;
          kinds.add(
            `${
              apiVersion.includes('/') ? apiVersion.split('/')[0] : ''
            }/${kind}`,
          );
        }
      const allowed = services.spec.namespaceResourceWhitelist.map(
        (e: { group: string; kind: string }) => `${e.group}/${e.kind}`,
      );
      expect(allowed).toEqual(expect.arrayContaining([...kinds]));
      expect(services.spec.clusterResourceWhitelist).toEqual([]);
      for (const dangerous of [
        '/Secret',
        'rbac.authorization.k8s.io/Role',
        'rbac.authorization.k8s.io/RoleBinding',
        'argoproj.io/Application',
        'networking.k8s.io/NetworkPolicy',
      ])
        expect(allowed).not.toContain(dangerous);
    },
  );

  it('pass Runway’s policy gate', async () => {
    const policies = await loadPolicies(defaultPoliciesDir());
    const result = await policies.check(await readInputs([dir]));
    expect(result.files.map(f => path.basename(f.file)).sort()).toEqual([
      'production.yaml',
      'staging.yaml',
    ]);
    expect(result.violations).toEqual([]);
  });

  it('keep hostile values as plain strings: no key, list item or document is added', async () => {
    const hostileDir = await render(
      hostile,
      path.join(mockDir.path, 'hostile'),
    );
    for (const stage of STAGES) {
      const docs = documents(hostileDir, `${stage}.yaml`);
      expect(docs).toHaveLength(1);
      const [app] = docs;
      expect(app.spec.project).toBe('runway-services');
      expect(app.spec.source.repoURL).toBe(hostile.repoUrl);
      expect(app.spec.source.kustomize.images).toEqual([
        `${hostile.imageRegistry}/ledger:bootstrap`,
      ]);
      expect(Object.keys(app.spec).sort()).toEqual([
        'destination',
        'project',
        'source',
        'syncPolicy',
      ]);
    }
  });
});
