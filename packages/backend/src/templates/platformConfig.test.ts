/**
 * The contract between the "new backend service" golden path (templates/new-service) and the
 * platform-config repository it opens a Terraform pull request against (examples/platform-config,
 * the demo of acme/platform-config). Every .tf file is parsed with HashiCorp's own HCL parser
 * (hcl2json); then, for every database choice, the module blocks that the template's terraform
 * step writes to services/<name>/main.tf must match the modules they call: the source exists,
 * every variable passed is declared, every required variable is passed, and values the module
 * restricts to a list are in it. The static platform.tf copied next to main.tf must name no
 * service and leave the backend to Atlantis, whose runway workflow must key each service's state
 * by its directory. Modules that create AWS resources must tag them with owner and cost-center.
 * The services' deploys: argocd/services.yaml (app of apps over apps/), the AppProjects
 * runway-service-apps and runway-services, one apps/<service>/{staging,production}.yaml per demo
 * Component with a Kubernetes id, the auto-merge workflow and CODEOWNERS for apps/.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
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
const platformConfig = path.join(repoRoot, 'examples/platform-config');
const templateDir = path.join(repoRoot, 'templates/new-service');
const platformTf = path.join(templateDir, 'terraform/platform.tf');

/** The form's database choices; the template's enum must list exactly these. */
const DATABASES = ['none', 'postgres', 'mysql', 'mongodb'] as const;
type Database = (typeof DATABASES)[number];

/** Module block arguments that are Terraform's, not the module's variables. */
const META_ARGUMENTS = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'depends_on',
  'providers',
]);

/** AWS resource types that take no tags; every other aws_* resource in modules/ must be tagged. */
const UNTAGGABLE_AWS_RESOURCES = new Set([
  'aws_identitystore_group_membership',
]);

type Block = Record<string, any>;

/** One .tf file in Terraform's JSON syntax, as hcl2json gives it. */
interface TfJson {
  variable?: Record<string, Block[]>;
  module?: Record<string, Block[]>;
  resource?: Record<string, Record<string, Block[]>>;
  locals?: Block[];
  terraform?: Block[];
}

interface Variable {
  required: boolean;
  /** The `condition` expressions of its validation blocks. */
  conditions: string[];
}

/** A module of the template's terraform step, as terraform:pr:create gets it. */
interface TemplateModule {
  name: string;
  enabled?: boolean;
  source: string;
  version?: string;
  variables?: Record<string, unknown>;
}

const rel = (file: string) => path.relative(repoRoot, file);
const read = (file: string) => fs.readFileSync(file, 'utf8');

/** Every .tf file under dir. */
function tfFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.tf'))
    .map(file => path.join(dir, file))
    .sort();
}

const files = [
  ...tfFiles(platformConfig),
  ...tfFiles(path.join(templateDir, 'terraform')),
];

/** The directories under modules/, relative to it, that hold .tf files: the platform's modules. */
const moduleNames = [
  ...new Set(
    tfFiles(path.join(platformConfig, 'modules')).map(file =>
      path.relative(path.join(platformConfig, 'modules'), path.dirname(file)),
    ),
  ),
];

/** The parsed .tf files of each directory (a Terraform module), by absolute path. */
const parsed = new Map<string, TfJson[]>();
const parseErrors: string[] = [];

beforeAll(async () => {
  for (const file of files) {
    try {
      const json: TfJson = await parse(file, read(file));
      const dir = path.dirname(file);
      parsed.set(dir, [...(parsed.get(dir) ?? []), json]);
    } catch (error) {
      parseErrors.push(`${rel(file)}: ${error}`);
    }
  }
});

/** The parsed files of the module in dir; fails when dir holds no parsed .tf file. */
function moduleAt(dir: string): TfJson[] {
  const module = parsed.get(dir);
  if (!module) throw new Error(`${rel(dir)} is not a module`);
  return module;
}

/** The variables the module in dir declares, by name. */
function variablesOf(dir: string): Map<string, Variable> {
  const variables = new Map<string, Variable>();
  for (const file of moduleAt(dir))
    for (const [name, [block]] of Object.entries(file.variable ?? {}))
      variables.set(name, {
        required: !('default' in block),
        conditions: (block.validation ?? []).map((v: Block) => v.condition),
      });
  return variables;
}

/** The values a `contains([...], var.<name>)` validation allows, or undefined for other conditions. */
function allowedValues(condition: string, name: string): unknown[] | undefined {
  const list = condition.match(
    new RegExp(String.raw`^\$\{contains\((\[[^\]]*\]),\s*var\.${name}\)\}$`),
  );
  return list ? JSON.parse(list[1]) : undefined;
}

/** Whether a parsed value is a literal, not an expression Terraform evaluates. */
const isLiteral = (value: unknown) =>
  typeof value !== 'string' || !value.includes('${');

/**
 * What is wrong with a module block (source and arguments, in Terraform's JSON syntax) written in
 * fromDir: a source that is no module, variables the module does not declare, required ones it
 * does not pass, literal values outside a `contains([...], var.x)` validation's list.
 */
function moduleCallProblems(
  where: string,
  call: Block,
  fromDir: string,
): string[] {
  const dir = path.resolve(fromDir, call.source);
  if (!parsed.has(dir))
    return [`${where}: source ${call.source} (${rel(dir)}) is not a module`];
  const declared = variablesOf(dir);
  const passed = Object.entries(call).filter(([k]) => !META_ARGUMENTS.has(k));
  const problems: string[] = [];
  for (const [name, value] of passed) {
    const variable = declared.get(name);
    if (!variable) {
      problems.push(
        `${where}: passes ${name}, which ${rel(dir)} does not declare`,
      );
      continue;
    }
    for (const condition of variable.conditions) {
      const allowed = allowedValues(condition, name);
      if (allowed && isLiteral(value) && !allowed.includes(value))
        problems.push(
          `${where}: ${name} = ${JSON.stringify(
            value,
          )} is not one of ${JSON.stringify(allowed)} (${rel(dir)})`,
        );
    }
  }
  for (const [name, { required }] of declared)
    if (required && !(name in call))
      problems.push(
        `${where}: does not pass ${name}, which ${rel(dir)} requires`,
      );
  return problems;
}

/** The module blocks of the module in dir, by name. */
function moduleBlocks(dir: string): [string, Block][] {
  return moduleAt(dir).flatMap(file =>
    Object.entries(file.module ?? {}).map(
      ([name, [block]]): [string, Block] => [name, block],
    ),
  );
}

/** The module in dir and every local module it calls, transitively. */
function moduleTree(dir: string): string[] {
  const local = moduleBlocks(dir)
    .map(([, block]) => block.source as string)
    .filter(source => source.startsWith('./') || source.startsWith('../'))
    .map(source => path.resolve(dir, source));
  return [dir, ...local.flatMap(moduleTree)];
}

/** The providers the module in dir requires: name to source address. */
function requiredProviders(dir: string): Record<string, string> {
  const providers: Record<string, string> = {};
  for (const file of moduleAt(dir))
    for (const terraform of file.terraform ?? [])
      for (const required of terraform.required_providers ?? [])
        for (const [name, { source }] of Object.entries<Block>(required))
          providers[name] = source;
  return providers;
}

/** The `locals` of the module in dir, merged. */
function localsOf(dir: string): Block {
  return Object.assign({}, ...moduleAt(dir).flatMap(file => file.locals ?? []));
}

const template = YAML.parse(read(path.join(templateDir, 'template.yaml')));

function templateStep(id: string): Block {
  const step = template.spec.steps.find((s: Block) => s.id === id);
  if (!step) throw new Error(`template.yaml has no step ${id}`);
  return step;
}

/** The template's form field of that name. */
function templateParameter(name: string): Block {
  const page = template.spec.parameters.find(
    (p: Block) => name in p.properties,
  );
  return page.properties[name];
}

/** Sample values for the `${{ … }}` expressions of the terraform step's targetPath and modules. */
function sampleExpressions(database: Database): Record<string, unknown> {
  return {
    'parameters.name': 'ledger',
    'parameters.database': database,
    "parameters.database != 'none'": database !== 'none',
    'steps.prepare.output.ownerName': 'payments',
    'steps.prepare.output.costCenter': 'cc-1234',
  };
}

/**
 * Fills in `${{ … }}` expressions as the scaffolder would: a string that is one expression
 * becomes its value (so `enabled` is a boolean), others are interpolated.
 */
function render(value: unknown, expressions: Record<string, unknown>): any {
  const evaluate = (expression: string) => {
    if (!(expression in expressions))
      throw new Error(
        `template.yaml uses \${{ ${expression} }}; give it a sample value`,
      );
    return expressions[expression];
  };
  if (typeof value === 'string') {
    const whole = value.match(/^\$\{\{\s*(.+?)\s*\}\}$/);
    if (whole) return evaluate(whole[1]);
    return value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, e: string) =>
      String(evaluate(e)),
    );
  }
  if (Array.isArray(value)) return value.map(v => render(v, expressions));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, render(v, expressions)]),
    );
  return value;
}

/** The terraform step as it runs for that database: its target directory and enabled modules. */
function terraformStepFor(database: Database) {
  const { input } = templateStep('terraform');
  const expressions = sampleExpressions(database);
  const modules: TemplateModule[] = render(input.modules, expressions);
  return {
    targetPath: render(input.targetPath, expressions) as string,
    modules: modules.filter(m => m.enabled !== false),
  };
}

it('parses every .tf file', () => {
  expect(files.length).toBeGreaterThan(0);
  expect(parseErrors).toEqual([]);
});

describe.each(DATABASES)('a new service with database %s', database => {
  const step = terraformStepFor(database);
  const serviceDir = path.join(platformConfig, step.targetPath);

  it('is written to services/ledger', () => {
    expect(step.targetPath).toBe('services/ledger');
  });

  it('calls the service module, and the database module when there is a database', () => {
    expect(step.modules.map(m => [m.name, m.source])).toEqual([
      ['service', '../../modules/service'],
      ...(database === 'none'
        ? []
        : [['database', `../../modules/database/${database}`]]),
    ]);
  });

  it('passes what each module declares and requires', () => {
    const problems = step.modules.flatMap(m =>
      moduleCallProblems(
        `module "${m.name}"`,
        { source: m.source, version: m.version, ...m.variables },
        serviceDir,
      ),
    );
    expect(problems).toEqual([]);
  });

  it('requires, in platform.tf, every provider the modules require, from the same source', () => {
    const needed = step.modules
      .flatMap(m => moduleTree(path.resolve(serviceDir, m.source)))
      .map(requiredProviders);
    expect(requiredProviders(path.dirname(platformTf))).toEqual(
      expect.objectContaining(Object.assign({}, ...needed)),
    );
  });
});

it("the service module's database validation allows exactly the form's choices", () => {
  const database = variablesOf(
    path.join(platformConfig, 'modules/service'),
  ).get('database');
  expect(database?.conditions.map(c => allowedValues(c, 'database'))).toEqual([
    [...DATABASES],
  ]);
  expect(templateParameter('database').enum).toEqual([...DATABASES]);
});

it('every module block in examples/platform-config matches the module it calls', () => {
  const problems = [...parsed.keys()]
    .filter(dir => dir.startsWith(`${platformConfig}${path.sep}`))
    .flatMap(dir =>
      moduleBlocks(dir)
        .filter(([, block]) => /^\.\.?\//.test(block.source))
        .flatMap(([name, block]) =>
          moduleCallProblems(`${rel(dir)}: module "${name}"`, block, dir),
        ),
    );
  expect(problems).toEqual([]);
});

describe('platform.tf', () => {
  const text = read(platformTf);
  const platform = () => moduleAt(path.dirname(platformTf))[0];

  it('is copied unchanged next to main.tf', () => {
    const copy = templateStep('platform');
    expect(copy.action).toBe('fetch:plain');
    expect(copy.input.url).toBe('./terraform');
    expect(templateStep('terraform').input.sourcePath).toBe(
      copy.input.targetPath,
    );
  });

  it('has a partial s3 backend, configured by Atlantis', () => {
    expect(
      platform()
        .terraform?.map(t => t.backend)
        .filter(Boolean),
    ).toEqual([{ s3: [{}] }]);
  });

  it('names no service', () => {
    const services = fs
      .readdirSync(path.join(platformConfig, 'services'), {
        withFileTypes: true,
      })
      .filter(entry => entry.isDirectory())
      .map(entry => entry.name);
    expect(services).toContain('payments-api');
    for (const name of ['ledger', ...services])
      expect(text).not.toContain(name);
    expect(text).not.toContain('${{');
  });

  it('has a default for every variable (main.tf holds module blocks only)', () => {
    const required = [...variablesOf(path.dirname(platformTf))]
      .filter(([, v]) => v.required)
      .map(([name]) => name);
    expect(required).toEqual([]);
  });
});

describe('atlantis.yaml', () => {
  const atlantis = YAML.parse(read(path.join(platformConfig, 'atlantis.yaml')));
  const runway = atlantis.workflows.runway;

  /** The `terraform init` run step of a stage of the runway workflow. */
  const initOf = (stage: string): string | undefined =>
    runway[stage].steps
      .map((step: Block) => step.run)
      .find(
        (run: unknown) => typeof run === 'string' && /terraform init/.test(run),
      );

  /** The -backend-config="k=v" settings of an init, with REPO_REL_DIR set to dir. */
  const backendConfig = (init: string, dir: string) =>
    Object.fromEntries(
      [...init.matchAll(/-backend-config="([^="]+)=([^"]*)"/g)].map(
        ([, k, v]) => [
          k,
          v.replace(/\$\{REPO_REL_DIR\}|\$REPO_REL_DIR\b/g, dir),
        ],
      ),
    );

  it.each(['plan', 'import', 'state_rm'])(
    'the runway workflow runs the backend-configuring init before %s',
    stage => {
      const init = initOf(stage);
      expect(init).toMatch(/-backend-config="key=[^"]*REPO_REL_DIR[^"]*"/);
      expect(backendConfig(init!, 'services/ledger').key).toBe(
        'services/ledger/terraform.tfstate',
      );
    },
  );

  it('initialises services/<name> and engineers, and refuses any other directory', () => {
    // The init step with terraform replaced by echo, run by a real shell.
    const init = initOf('plan')!.replace(/terraform init/, 'echo init');
    const run = (dir: string) =>
      spawnSync('bash', ['-c', init], {
        env: { ...process.env, REPO_REL_DIR: dir },
        encoding: 'utf8',
      });
    for (const dir of ['services/ledger', 'engineers']) {
      const result = run(dir);
      expect({ dir, status: result.status }).toEqual({ dir, status: 0 });
      expect(result.stdout).toContain(`key=${dir}/terraform.tfstate`);
    }
    for (const dir of ['modules/service', 'services/a/b', 'engineers/x', '']) {
      expect({ dir, status: run(dir).status }).toEqual({ dir, status: 1 });
    }
  });

  it("gives a service the same backend settings as the worked example's explicit backend", () => {
    const example = moduleAt(path.join(platformConfig, 'services/payments-api'))
      .flatMap(file => file.terraform ?? [])
      .find(t => t.backend)!.backend.s3[0];
    const stringified = Object.fromEntries(
      Object.entries(example).map(([k, v]) => [k, String(v)]),
    );
    expect(backendConfig(initOf('plan')!, 'services/payments-api')).toEqual(
      stringified,
    );
  });
});

describe.each(moduleNames)('modules/%s', name => {
  const dir = path.join(platformConfig, 'modules', name);

  it('tags every AWS resource it creates with owner and cost-center', () => {
    const tagsLocal = String(localsOf(dir).tags ?? '');
    const problems = moduleAt(dir).flatMap(file =>
      Object.entries(file.resource ?? {})
        .filter(
          ([type]) =>
            type.startsWith('aws_') && !UNTAGGABLE_AWS_RESOURCES.has(type),
        )
        .flatMap(([type, byName]) =>
          Object.entries(byName).map(([resource, [block]]) => {
            // local.tags stands for its expression, so both spellings are checked alike.
            const tags = String(block.tags ?? '').replace(
              /\blocal\.tags\b/g,
              tagsLocal,
            );
            const tagged =
              /\bowner\s*=\s*var\.team\b/.test(tags) &&
              /"cost-center"\s*=\s*var\.cost_center\b/.test(tags);
            return tagged ? undefined : `${type}.${resource}`;
          }),
        )
        .filter(Boolean),
    );
    expect(problems).toEqual([]);
  });
});

/** Every document of a YAML file under examples/platform-config, parsed strictly. */
function yamlDocs(file: string): any[] {
  const docs = YAML.parseAllDocuments(read(path.join(platformConfig, file)));
  expect(docs.flatMap(d => d.errors)).toEqual([]);
  return docs.map(d => d.toJS());
}

/** Demo Components Kubernetes runs (examples/*.yaml and examples/components/<x>/): name → slug. */
function demoDeployables(): Map<string, string> {
  const examples = path.join(repoRoot, 'examples');
  const catalogFiles = [
    ...fs
      .readdirSync(examples)
      .filter(f => /\.ya?ml$/.test(f))
      .map(f => path.join(examples, f)),
    ...fs
      .readdirSync(path.join(examples, 'components'))
      .map(d => path.join(examples, 'components', d, 'catalog-info.yaml'))
      .filter(f => fs.existsSync(f)),
  ];
  const demos = new Map<string, string>();
  for (const file of catalogFiles)
    for (const doc of YAML.parseAllDocuments(read(file))) {
      const entity = doc.toJS();
      const annotations = entity?.metadata?.annotations ?? {};
      if (
        entity?.kind === 'Component' &&
        annotations['backstage.io/kubernetes-id']
      )
        demos.set(
          annotations['backstage.io/kubernetes-id'],
          annotations['github.com/project-slug'],
        );
    }
  return demos;
}

const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

describe("the services' deploys (apps/ and argocd/)", () => {
  const demos = demoDeployables();
  const projectNamed = (name: string) =>
    yamlDocs('argocd/appproject.yaml').find(p => p.metadata.name === name);

  it('argocd/services.yaml syncs apps/ as Applications in argocd, under runway-service-apps', () => {
    const docs = yamlDocs('argocd/services.yaml');
    expect(docs).toHaveLength(1);
    const [app] = docs;
    expect(() => new Application(app).validate()).not.toThrow();
    expect(app).toMatchObject({
      metadata: { name: 'runway-services', namespace: 'argocd' },
      spec: {
        project: 'runway-service-apps',
        source: {
          repoURL: 'https://github.com/acme/platform-config.git',
          targetRevision: 'main',
          path: 'apps',
          directory: { recurse: true },
        },
        destination: { namespace: 'argocd' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
  });

  it('runway-service-apps may create Applications in argocd and nothing else', () => {
    const project = projectNamed('runway-service-apps');
    expect(() => new AppProject(project).validate()).not.toThrow();
    expect(project.spec).toMatchObject({
      sourceRepos: ['https://github.com/acme/platform-config.git'],
      destinations: [
        { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
      ],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'Application' },
      ],
    });
  });

  it('runway-services allows the org’s repositories, no cluster-scoped kind, no Secret or RBAC', () => {
    const project = projectNamed('runway-services');
    expect(() => new AppProject(project).validate()).not.toThrow();
    expect(project.spec.sourceRepos).toEqual(['https://github.com/acme/*']);
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    const kinds = project.spec.namespaceResourceWhitelist.map(
      (e: { kind: string }) => e.kind,
    );
    for (const kind of ['Secret', 'Role', 'RoleBinding', 'Application', '*'])
      expect(kinds).not.toContain(kind);
    // The cluster's own namespaces, Argo CD's and the environments' are denied.
    const denied = project.spec.destinations
      .map((d: { namespace: string }) => d.namespace)
      .filter((n: string) => n.startsWith('!'));
    expect(denied).toEqual(
      expect.arrayContaining(['!kube-*', '!argocd', '!default', '!env-*']),
    );
  });

  it('holds a folder per demo Component with a Kubernetes id, and no other', () => {
    expect(demos.size).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(platformConfig, 'apps')).sort()).toEqual(
      [...demos.keys()].sort(),
    );
  });

  it.each([...demoDeployables().keys()])(
    'apps/%s holds its staging and production Applications, on a real tag',
    name => {
      expect(
        fs.readdirSync(path.join(platformConfig, 'apps', name)).sort(),
      ).toEqual(['production.yaml', 'staging.yaml']);
      for (const stage of ['staging', 'production']) {
        const docs = yamlDocs(`apps/${name}/${stage}.yaml`);
        expect(docs).toHaveLength(1);
        const [app] = docs;
        expect(() => new Application(app).validate()).not.toThrow();
        expect(app).toMatchObject({
          metadata: {
            name: `${name}-${stage}`,
            namespace: 'argocd',
            labels: {
              'app.kubernetes.io/managed-by': 'runway',
              'runway.dev/service': name,
              'runway.dev/stage': stage,
            },
          },
          spec: {
            project: 'runway-services',
            source: {
              repoURL: `https://github.com/${demos.get(name)}.git`,
              targetRevision: 'main',
              path: 'deploy',
            },
            destination: { namespace: name },
          },
        });
        const images: string[] = app.spec.source.kustomize.images;
        expect(images).toHaveLength(1);
        const [, image, tag] = /^(.+\/[^/:]+):([^:/]+)$/.exec(images[0])!;
        expect(image.endsWith(`/${name}`)).toBe(true);
        expect(OCI_TAG.test(tag) && tag !== 'bootstrap').toBe(true);
        expect(app.spec.syncPolicy.automated).toEqual(
          stage === 'staging'
            ? { prune: true, selfHeal: true }
            : { prune: true },
        );
      }
    },
  );

  it('apps/ and argocd/ pass Runway’s policy gate', async () => {
    const policies = await loadPolicies(defaultPoliciesDir());
    const result = await policies.check(
      await readInputs(['apps', 'argocd'], platformConfig),
    );
    expect(result.files.length).toBe(2 * demos.size + 3);
    expect(result.violations).toEqual([]);
  });

  it('the workflows pass action-validator; auto-merge runs main’s file and no pull request code', () => {
    const dir = path.join(platformConfig, '.github/workflows');
    for (const file of fs.readdirSync(dir)) {
      const result = spawnSync(
        path.join(repoRoot, 'node_modules/.bin/action-validator'),
        [path.join(dir, file)],
        { encoding: 'utf8' },
      );
      expect({ file, status: result.status, err: result.stderr }).toEqual({
        file,
        status: 0,
        err: '',
      });
    }
    const autoMerge = yamlDocs('.github/workflows/deploy-auto-merge.yaml')[0];
    expect(Object.keys(autoMerge.on)).toEqual(['pull_request_target']);
    expect(autoMerge.permissions).toEqual({});
    const job = autoMerge.jobs['auto-merge'];
    expect(job.if).toContain("'runway/auto-merge'");
    expect(job.if).toContain("'-staging'");
    expect(JSON.stringify(job.steps)).not.toContain('actions/checkout');
    expect(JSON.stringify(job.steps)).toContain('--auto');
  });

  it('CODEOWNERS: production deploys need review, staging tag bumps have no owner', () => {
    const rules = read(path.join(platformConfig, '.github/CODEOWNERS'))
      .split('\n')
      .filter(line => line.trim() && !line.startsWith('#'))
      .map(line => line.trim().split(/\s+/));
    // The last matching pattern wins, as on GitHub.
    const ownersOf = (file: string) => {
      const match = [...rules].reverse().find(([pattern]) => {
        const re = new RegExp(
          `^${pattern
            .replace(/^\//, '')
            .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')}${pattern.endsWith('/') ? '' : '$'}`,
        );
        return re.test(file);
      });
      return match ? match.slice(1) : [];
    };
    expect(ownersOf('apps/cart-service/production.yaml')).toEqual([
      '@acme/platform',
    ]);
    expect(ownersOf('apps/payments-api/production.yaml')).toEqual([
      '@acme/payments',
      '@acme/platform',
    ]);
    expect(ownersOf('apps/cart-service/staging.yaml')).toEqual([]);
  });
});
