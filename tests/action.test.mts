/**
 * The reusable Action .github/actions/runway-check, as far as it can run off GitHub. action-validator
 * accepts it; then its steps run as the runner would run them: each `run:` script with
 * `bash --noprofile --norc -eo pipefail`, inputs and `${{ }}` expressions resolved, GITHUB_OUTPUT
 * read back between steps, `if:` conditions evaluated, in a temporary repository standing in for
 * the caller's. Not run: the `uses:` steps (actions/setup-node, github/codeql-action/upload-sarif)
 * — the Node running this test stands in for setup-node, and the upload step's resolved inputs are
 * asserted instead — and `corepack enable`, which would rewrite this machine's global Node install
 * (scripts/node22.sh already put Yarn 4 on PATH).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../scripts/lib/builtBackend.mts';

const actionDir = path.join(repoRoot, '.github/actions/runway-check');
const validator = path.join(repoRoot, 'node_modules/.bin/action-validator');

const tempDirs: string[] = [];
/** A fresh folder under the system's temp, removed when the tests end. */
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
after(() =>
  tempDirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })),
);

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

interface StepRecord {
  name: string;
  outcome: 'success' | 'failure' | 'skipped' | 'not run here';
  /** `with:` of a `uses:` step, resolved as the runner would hand it over. */
  with?: Record<string, string>;
}

interface ActionRun {
  code: number;
  output: string;
  steps: StepRecord[];
}

function exec(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.once('error', reject);
    child.once('close', code => resolve({ code: code ?? 1, output }));
  });
}

/** The GitHub expression contexts the action uses; anything else fails the test, never guessed. */
class Expressions {
  failed = false;
  readonly outputs = new Map<string, Record<string, string>>();

  // Plain fields: Node strips types only, so no parameter properties.
  private readonly inputs: Record<string, string>;
  private readonly actionPath: string;

  constructor(inputs: Record<string, string>, actionPath: string) {
    this.inputs = inputs;
    this.actionPath = actionPath;
  }

  value(reference: string): string {
    const [context, ...rest] = reference.trim().split('.');
    if (context === 'inputs' && rest.length === 1) {
      assert.ok(rest[0] in this.inputs, `action.yml declares input ${rest[0]}`);
      return this.inputs[rest[0]];
    }
    if (context === 'steps' && rest.length === 3 && rest[1] === 'outputs') {
      return this.outputs.get(rest[0])?.[rest[2]] ?? '';
    }
    if (reference.trim() === 'github.action_path') return this.actionPath;
    throw new Error(`the simulation does not know \${{ ${reference} }}`);
  }

  /** `${{ inputs.x }}` and friends inside a string. */
  interpolate(text: string): string {
    return text.replace(/\$\{\{(.*?)\}\}/g, (_, ref: string) =>
      this.value(ref),
    );
  }

  /** An `if:`; a step without a status function runs only while nothing failed, as on GitHub. */
  condition(expression: string | undefined): boolean {
    const text = (expression ?? '').replace(/^\s*\$\{\{|\}\}\s*$/g, '').trim();
    const terms = text ? text.split('&&').map(t => t.trim()) : [];
    const statusFunction = terms.some(t =>
      /^!?(cancelled|always|failure|success)\(\)$/.test(t),
    );
    if (!statusFunction && this.failed) return false;
    return terms.every(term => {
      if (term === '!cancelled()' || term === 'always()') return true;
      if (term === 'success()') return !this.failed;
      if (term === 'failure()') return this.failed;
      const comparison = term.match(/^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/);
      if (!comparison)
        throw new Error(`the simulation cannot evaluate \`${term}\``);
      const equal = this.value(comparison[1]) === comparison[3];
      return comparison[2] === '==' ? equal : !equal;
    });
  }
}

/** Runs action.yml's steps against `workspace` (the caller's checkout) with the given inputs. */
async function runAction(
  workspace: string,
  given: Record<string, string>,
  actionPath = actionDir,
): Promise<ActionRun> {
  const action = YAML.parse(
    fs.readFileSync(path.join(actionPath, 'action.yml'), 'utf8'),
  );
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries<{ default?: string }>(
    action.inputs,
  )) {
    inputs[name] = given[name] ?? spec.default ?? '';
  }
  for (const name of Object.keys(given))
    assert.ok(name in inputs, `unknown input ${name}`);
  const expressions = new Expressions(inputs, actionPath);
  const runnerTemp = tempDir('runner-temp-');
  const steps: StepRecord[] = [];
  let code = 0;
  let output = '';

  for (const [index, step] of (action.runs.steps as Step[]).entries()) {
    const name = expressions.interpolate(
      step.name ?? step.uses ?? `step ${index}`,
    );
    if (!expressions.condition(step.if)) {
      steps.push({ name, outcome: 'skipped' });
      continue;
    }
    if (step.uses || step.run?.trim() === 'corepack enable') {
      const resolved = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [
          k,
          expressions.interpolate(String(v)),
        ]),
      );
      steps.push({ name, outcome: 'not run here', with: resolved });
      continue;
    }
    assert.equal(
      step.shell,
      'bash',
      `${name}: composite run steps name their shell`,
    );
    const script = path.join(runnerTemp, `step-${index}.sh`);
    fs.writeFileSync(script, step.run ?? '');
    const githubOutput = path.join(runnerTemp, `output-${index}`);
    fs.writeFileSync(githubOutput, '');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // setup-node's stand-in: the Node 22 running this test comes first on PATH.
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${
        process.env.PATH
      }`,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: githubOutput,
      RUNNER_TEMP: runnerTemp,
    };
    delete env.INIT_CWD;
    delete env.NODE_OPTIONS;
    for (const [key, value] of Object.entries(step.env ?? {})) {
      env[key] = expressions.interpolate(String(value));
    }
    const cwd = path.resolve(
      workspace,
      expressions.interpolate(step['working-directory'] ?? '.'),
    );
    const result = await exec(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', script],
      {
        cwd,
        env,
      },
    );
    output += result.output;
    if (step.id) {
      const pairs = fs
        .readFileSync(githubOutput, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(line => [
          line.slice(0, line.indexOf('=')),
          line.slice(line.indexOf('=') + 1),
        ]);
      expressions.outputs.set(step.id, Object.fromEntries(pairs));
    }
    steps.push({ name, outcome: result.code === 0 ? 'success' : 'failure' });
    if (result.code !== 0 && !expressions.failed) {
      expressions.failed = true;
      code = result.code;
    }
  }
  return { code, output, steps };
}

const COMPONENT = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
  description: Keeps the books.
  annotations:
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: production
  owner: group:default/payments
  system: payments
`;

/** A small service repository: a catalogue entry, when wanted, and a Terraform root module. */
function callerRepo(files: Record<string, string>): string {
  const dir = tempDir('caller-repo-');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

// An S3 bucket without encryption breaks Runway's aws-s3-encrypted policy.
const UNENCRYPTED_BUCKET = `resource "aws_s3_bucket" "exports" {
  bucket = "ledger-exports"
  tags = { owner = "payments", "cost-center" = "cc-42" }
}
`;

/** The runway step's outcome, by the name action.yml gives it. */
const outcomeOf = (run: ActionRun, prefix: string) =>
  run.steps.find(s => s.name.startsWith(prefix))?.outcome;

test('action.yml passes action-validator, which rejects a broken one', async () => {
  const ok = await exec(validator, [path.join(actionDir, 'action.yml')], {
    cwd: repoRoot,
  });
  assert.equal(ok.code, 0, ok.output);
  const broken = path.join(tempDir('action-'), 'action.yml');
  fs.writeFileSync(
    broken,
    fs
      .readFileSync(path.join(actionDir, 'action.yml'), 'utf8')
      .replace('using: composite', 'using: compost'),
  );
  const bad = await exec(validator, [broken], { cwd: repoRoot });
  assert.notEqual(
    bad.code,
    0,
    'an action with an unknown runs.using is rejected',
  );
});

test('catalog check passes a repository with a valid catalog-info.yaml', async () => {
  const repo = callerRepo({ 'catalog-info.yaml': COMPONENT });
  const run = await runAction(repo, { 'install-dependencies': 'false' });
  assert.equal(run.code, 0, run.output);
  assert.match(run.output, /No violations: 1 file \(1 resource\)/);
  assert.equal(outcomeOf(run, 'Install'), 'skipped');
  assert.equal(outcomeOf(run, 'runway catalog check'), 'success');
  assert.equal(
    outcomeOf(run, 'Upload'),
    'skipped',
    'no SARIF upload for human output',
  );
});

test('catalog check fails a repository without catalog-info.yaml and says what to add', async () => {
  const repo = callerRepo({ 'README.md': '# ledger\n' });
  const run = await runAction(repo, { 'install-dependencies': 'false' });
  assert.equal(run.code, 1, run.output);
  assert.match(run.output, /has no catalog-info\.yaml at its root/);
  assert.match(run.output, /\/create\/templates\/default\/register-component/);
  assert.equal(outcomeOf(run, 'runway catalog check'), 'failure');
});

test('policy check with sarif in a working directory: paths from the repository root, upload after a failure', async () => {
  const repo = callerRepo({
    'infra/exports/main.tf': UNENCRYPTED_BUCKET,
    'infra/README.md': '# infra\n',
  });
  const run = await runAction(repo, {
    command: 'policy check',
    paths: 'exports/*.tf',
    format: 'sarif',
    'working-directory': 'infra',
    'install-dependencies': 'false',
  });
  assert.equal(run.code, 1, run.output);
  assert.match(run.output, /aws-s3-encrypted infra\/exports\/main\.tf/);
  const sarif = JSON.parse(
    fs.readFileSync(path.join(repo, 'infra/runway.sarif'), 'utf8'),
  );
  assert.equal(sarif.version, '2.1.0');
  const uris = sarif.runs[0].results.map(
    (r: {
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }) => r.locations[0].physicalLocation.artifactLocation.uri,
  );
  assert.ok(
    uris.includes('infra/exports/main.tf'),
    `code scanning paths: ${uris}`,
  );
  const upload = run.steps.find(s => s.name.startsWith('Upload'));
  assert.deepEqual(upload, {
    name: 'Upload the SARIF report to code scanning',
    outcome: 'not run here',
    with: { sarif_file: 'infra/runway.sarif', category: 'runway-policy' },
  });
});

test('an unknown command stops the action with exit code 2', async () => {
  const repo = callerRepo({ 'catalog-info.yaml': COMPONENT });
  const run = await runAction(repo, {
    command: 'deploy',
    'install-dependencies': 'false',
  });
  assert.equal(run.code, 2, run.output);
  assert.match(
    run.output,
    /::error title=runway-check::command must be `catalog check`, `policy check` or `template test`/,
  );
});

test('template test runs the CLI on the Runway and token given, and stops without them', async () => {
  const repo = callerRepo({
    'templates/docs-site/template.yaml': 'kind: Template\n',
  });
  const missing = await runAction(repo, {
    command: 'template test',
    'install-dependencies': 'false',
  });
  assert.equal(missing.code, 2, missing.output);
  assert.match(
    missing.output,
    /::error title=runway-check::template test needs the runway-url and runway-token inputs/,
  );

  // A Runway that does not answer: the CLI ran, with the folder under templates/, and says so.
  const run = await runAction(repo, {
    command: 'template test',
    'runway-url': 'http://127.0.0.1:9',
    'runway-token': 'a-token',
    'install-dependencies': 'false',
  });
  assert.notEqual(run.code, 0, run.output);
  assert.match(run.output, /templates\/docs-site/);
});

test("the install step's focused install is all the CLI needs", async () => {
  // A checkout of Runway as the runner fetches it for `uses: acme/runway/...`: every workspace's
  // package.json (so yarn.lock matches), the CLI, the engine and the policies; no node_modules.
  const checkout = tempDir('runway-checkout-');
  const copy = (relative: string) =>
    fs.cpSync(path.join(repoRoot, relative), path.join(checkout, relative), {
      recursive: true,
      filter: source => !source.includes(`${path.sep}node_modules`),
    });
  [
    'package.json',
    'yarn.lock',
    '.yarnrc.yml',
    'policies',
    '.github/actions',
  ].forEach(copy);
  for (const folder of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(repoRoot, folder))) {
      if (fs.existsSync(path.join(repoRoot, folder, name, 'package.json'))) {
        copy(path.join(folder, name, 'package.json'));
      }
    }
  }
  copy('packages/cli');
  copy('plugins/policy-engine');

  const repo = callerRepo({ 'catalog-info.yaml': COMPONENT });
  const run = await runAction(
    repo,
    {},
    path.join(checkout, '.github/actions/runway-check'),
  );
  assert.equal(run.code, 0, run.output);
  assert.equal(outcomeOf(run, 'Install'), 'success');
  assert.match(run.output, /No violations/);
  const installed = fs.readdirSync(
    path.join(checkout, 'node_modules/@backstage'),
  );
  assert.ok(installed.includes('catalog-model'));
  assert.ok(
    !installed.includes('cli'),
    'the Backstage CLI (a dev dependency) is not installed',
  );
  assert.ok(
    !fs.existsSync(path.join(checkout, 'node_modules/react')),
    'nor the app',
  );
});
