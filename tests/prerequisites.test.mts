/**
 * scripts/prerequisites.sh, the machine step shared by .ci/run, scripts/test.sh and
 * scripts/start.sh, run in a child process whose PATH holds nothing but a temporary folder of
 * stubs: `id` (prints the uid the case wants), `apt-get` (records its arguments, and on `install`
 * creates fake mkdocs / chromium / go executables in the same folder) and fakes of whatever the
 * case says is already installed. The machine's own /usr/bin is never on PATH, so its real
 * mkdocs, Chromium or Go cannot be found. The environment is built from scratch too, so a
 * CHROMIUM_PATH of the machine running the test does not leak in.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
const script = path.join(repoRoot, 'scripts/prerequisites.sh');

/** The absolute path of a program on this test's own PATH. */
function which(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${name} is not on PATH`);
}
const bash = which('bash');
const chmod = which('chmod');

const tempDirs: string[] = [];
after(() =>
  tempDirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })),
);

type Tool = 'mkdocs' | 'chromium' | 'go';

interface Machine {
  /** What `id -u` prints. */
  uid: number;
  /** Whether an apt-get stub exists, and what its `install` does. */
  aptGet: 'installs' | 'installs nothing' | 'fails' | 'absent';
  /** Fake executables already on PATH. */
  present?: Tool[];
  /** Extra environment variables for the child (PATH is always the stub folder). */
  env?: Record<string, string>;
  /** Also stub node, npm, yarn and corepack (they record being called, then fail), and link
   * bash and dirname, so that scripts/test.sh and scripts/start.sh themselves can run. */
  callers?: boolean;
}

interface Run {
  status: number | null;
  stderr: string;
  /** One entry per apt-get call: its arguments, DEBIAN_FRONTEND, and whether it could read stdin. */
  aptGet: { args: string[]; frontend: string; stdin: string }[];
  /** node, npm, yarn or corepack calls (the work the callers do after the step). */
  otherWork: string[];
  /** The fakes present after the run. */
  installed: Tool[];
}

function executable(file: string, body: string) {
  fs.writeFileSync(file, `#!${bash}\n${body}\n`, { mode: 0o755 });
}

function machine(m: Machine) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-prereq-'));
  tempDirs.push(dir);
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const aptLog = path.join(dir, 'apt-get.log');
  const workLog = path.join(dir, 'work.log');

  executable(
    path.join(bin, 'id'),
    `case "$1" in -u) echo ${m.uid} ;; *) echo "uid=${m.uid}" ;; esac`,
  );
  for (const tool of m.present ?? []) {
    executable(path.join(bin, tool), 'exit 0');
  }
  if (m.aptGet !== 'absent') {
    const install =
      m.aptGet === 'fails'
        ? 'echo "E: Unable to locate package" >&2; exit 100'
        : m.aptGet === 'installs nothing'
        ? 'exit 0'
        : `for pkg in "$@"; do
             case "$pkg" in mkdocs) t=mkdocs ;; chromium) t=chromium ;; golang-go) t=go ;; jq) t=jq ;; *) continue ;; esac
             printf '#!%s\\nexit 0\\n' ${JSON.stringify(
               bash,
             )} > ${JSON.stringify(bin)}/$t
             ${JSON.stringify(chmod)} +x ${JSON.stringify(bin)}/$t
           done`;
    executable(
      path.join(bin, 'apt-get'),
      `if read -r line; then stdin="read: $line"; else stdin=empty; fi
       { printf '%s\\t%s\\t' "\${DEBIAN_FRONTEND:-}" "$stdin"; printf '%s ' "$@"; echo; } >> ${JSON.stringify(
         aptLog,
       )}
       case " $* " in *" install "*) ${install} ;; esac
       exit 0`,
    );
  }
  if (m.callers) {
    for (const tool of ['node', 'npm', 'yarn', 'corepack']) {
      executable(
        path.join(bin, tool),
        `echo "${tool} $*" >> ${JSON.stringify(workLog)}; exit 1`,
      );
    }
    fs.symlinkSync(bash, path.join(bin, 'bash'));
    fs.symlinkSync(which('dirname'), path.join(bin, 'dirname'));
  }

  return (file: string, args: string[]): Run => {
    const child = spawnSync(bash, [file, ...args], {
      cwd: dir,
      env: { PATH: bin, ...m.env },
      // A line on stdin that apt-get must never see: the step runs it with no standard input.
      input: 'y\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    const lines = (f: string) =>
      fs.existsSync(f)
        ? fs.readFileSync(f, 'utf8').split('\n').filter(Boolean)
        : [];
    return {
      status: child.status,
      stderr: child.stderr,
      aptGet: lines(aptLog).map(line => {
        const [frontend, stdin, args] = line.split('\t');
        return { frontend, stdin, args: args.trim().split(' ') };
      }),
      otherWork: lines(workLog),
      installed: (['mkdocs', 'chromium', 'go'] as const).filter(t =>
        fs.existsSync(path.join(bin, t)),
      ),
    };
  };
}

/** The packages of an `apt-get install` call (its options left out). */
const packagesOf = (args: string[]) =>
  args.slice(args.indexOf('install') + 1).filter(a => !a.startsWith('-'));

/** The package list of the `apt-get install -y …` command printed on stderr. */
function printedInstall(stderr: string): string[] {
  const match = stderr.match(/apt-get install -y ([^\n]*)/);
  assert.ok(match, `stderr names an apt-get install command:\n${stderr}`);
  return match[1].trim().split(/\s+/);
}

test('as root on Debian: apt-get update once, then installs exactly the missing packages', () => {
  const run = machine({ uid: 0, aptGet: 'installs' })(script, [
    'mkdocs',
    'chromium',
    'go',
  ]);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(
    run.aptGet.map(call => call.args[0]),
    ['update', 'install'],
    'update first, once, then install',
  );
  const install = run.aptGet[1];
  assert.ok(install.args.includes('-y'), 'install -y');
  assert.deepEqual(packagesOf(install.args), [
    'mkdocs',
    'mkdocs-material',
    'chromium',
    'golang-go',
  ]);
  for (const call of run.aptGet) {
    assert.equal(call.frontend, 'noninteractive');
    assert.equal(call.stdin, 'empty', 'apt-get runs with no standard input');
  }
  assert.deepEqual(run.installed, ['mkdocs', 'chromium', 'go']);
});

test('as root: only what is missing is installed (CHROMIUM_PATH counts as Chromium)', () => {
  const run = machine({
    uid: 0,
    aptGet: 'installs',
    present: ['mkdocs'],
    env: { CHROMIUM_PATH: '/opt/chrome/chrome' },
  })(script, ['mkdocs', 'chromium', 'go']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.aptGet.length, 2);
  assert.deepEqual(packagesOf(run.aptGet[1].args), ['golang-go']);
  assert.deepEqual(run.installed, ['mkdocs', 'go']);
});

test('as root: a failing apt-get, or one that leaves a tool missing, fails the step', () => {
  const failing = machine({ uid: 0, aptGet: 'fails' })(script, ['mkdocs']);
  assert.notEqual(failing.status, 0);
  assert.deepEqual(
    failing.aptGet.map(call => call.args[0]),
    ['update', 'install'],
  );

  const empty = machine({
    uid: 0,
    aptGet: 'installs nothing',
    present: ['go'],
  })(script, ['mkdocs', 'go']);
  assert.notEqual(empty.status, 0);
  assert.match(empty.stderr, /still missing: mkdocs/);
});

test('not root: stops at once, printing the exact command, apt-get never called', () => {
  const run = machine({ uid: 1000, aptGet: 'installs', present: ['go'] })(
    script,
    ['mkdocs', 'chromium', 'go'],
  );
  assert.equal(run.status, 1);
  assert.match(
    run.stderr,
    /sudo apt-get install -y mkdocs mkdocs-material chromium\n/,
  );
  assert.deepEqual(printedInstall(run.stderr), [
    'mkdocs',
    'mkdocs-material',
    'chromium',
  ]);
  assert.deepEqual(run.aptGet, [], 'apt-get is never called');
  assert.deepEqual(run.installed, ['go']);
});

test('root without apt-get: prints the command (no sudo) and stops', () => {
  const run = machine({ uid: 0, aptGet: 'absent' })(script, ['go']);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /(^|\s)apt-get install -y golang-go\n/);
  assert.doesNotMatch(run.stderr, /sudo/);
  assert.match(run.stderr, /no apt-get/);
});

test('everything present: nothing installed, exit 0', () => {
  const run = machine({
    uid: 0,
    aptGet: 'installs',
    present: ['mkdocs', 'chromium', 'go'],
  })(script, ['mkdocs', 'chromium', 'go']);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.aptGet, []);
  assert.equal(run.stderr, '');
});

test("start.sh's set: only mkdocs is required", () => {
  // Chromium and Go missing do not matter when only mkdocs is asked for…
  const present = machine({
    uid: 1000,
    aptGet: 'installs',
    present: ['mkdocs'],
  });
  const ok = present(script, ['mkdocs']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(ok.aptGet, []);

  // …and as root only mkdocs and its theme are installed.
  const run = machine({ uid: 0, aptGet: 'installs' })(script, ['mkdocs']);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(packagesOf(run.aptGet[1].args), [
    'mkdocs',
    'mkdocs-material',
  ]);
  assert.deepEqual(run.installed, ['mkdocs']);
});

test('an unknown need is refused', () => {
  const run = machine({ uid: 0, aptGet: 'installs' })(script, ['mkdoc']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /unknown need 'mkdoc'/);
  assert.deepEqual(run.aptGet, []);
});

for (const [caller, packages] of [
  [
    'scripts/test.sh',
    ['mkdocs', 'mkdocs-material', 'chromium', 'golang-go', 'jq'],
  ],
  ['scripts/start.sh', ['mkdocs', 'mkdocs-material']],
  ['.ci/run', ['mkdocs', 'mkdocs-material', 'chromium', 'golang-go', 'jq']],
] as const) {
  test(`${caller} runs the step before any other work`, () => {
    const run = machine({ uid: 1000, aptGet: 'installs', callers: true })(
      path.join(repoRoot, caller),
      [],
    );
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(printedInstall(run.stderr), packages);
    assert.deepEqual(run.aptGet, []);
    assert.deepEqual(run.otherWork, [], 'no node, npm or yarn before the step');
  });
}
