/**
 * Checks on the repository itself: the Dockerfile, the GitHub workflow, the README's quick
 * start, the production variables' documentation, and that no tracked file names a registry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { DockerfileParser } from 'dockerfile-ast';
import { repoRoot } from '../scripts/lib/builtBackend.mts';
import { findEnvReferences } from '../packages/backend/src/requiredEnv.ts';

const read = (file: string) =>
  fs.readFileSync(path.join(repoRoot, file), 'utf8');

test('the Dockerfile is multi-stage and runs Node of .nvmrc as a non-root user', () => {
  const dockerfile = DockerfileParser.parse(read('Dockerfile'));
  const froms = dockerfile.getFROMs();
  assert.ok(froms.length >= 2, 'multi-stage');
  const final = froms[froms.length - 1];
  const image = final.getImageName();
  const tag = final.getImageTag() ?? '';
  assert.equal(image, 'node');
  assert.match(tag, /slim/, 'slim base image');
  assert.equal(
    tag.split(/[.-]/)[0],
    read('.nvmrc').trim(),
    'Node major equals .nvmrc',
  );

  // USER of the final stage: the last USER after the final FROM.
  const finalLine = final.getRange().start.line;
  const users = dockerfile
    .getInstructions()
    .filter(
      i => i.getKeyword() === 'USER' && i.getRange().start.line > finalLine,
    )
    .map(i => i.getArgumentsContent()?.trim() ?? '');
  assert.ok(users.length > 0, 'the final stage sets USER');
  const user = users[users.length - 1].split(':')[0];
  assert.ok(!['root', '0'].includes(user), `final USER is ${user}, not root`);

  // It starts the backend with the production config.
  const cmd = dockerfile.getCMDs().pop()?.getArgumentsContent() ?? '';
  assert.match(cmd, /app-config\.production\.yaml/);
});

test('every Dockerfile stage that installs has the patches yarn.lock applies', () => {
  const patches = [
    ...read('yarn.lock').matchAll(/#~\/(\.yarn\/patches\/[^":]+\.patch)/g),
  ].map(m => m[1]);
  assert.ok(
    patches.length > 0,
    'yarn.lock applies a patch (this test has something to check)',
  );
  for (const patch of patches) {
    assert.ok(
      fs.existsSync(path.join(repoRoot, patch)),
      `${patch} is committed`,
    );
  }
  const dockerfile = DockerfileParser.parse(read('Dockerfile'));
  const froms = dockerfile.getFROMs();
  const instructions = dockerfile.getInstructions();
  for (const [i, from] of froms.entries()) {
    const start = from.getRange().start.line;
    const end = froms[i + 1]?.getRange().start.line ?? Infinity;
    const stage = instructions.filter(
      x => x.getRange().start.line > start && x.getRange().start.line < end,
    );
    const installs = stage.filter(
      x =>
        x.getKeyword() === 'RUN' &&
        /yarn (install|workspaces focus)/.test(x.getArgumentsContent() ?? ''),
    );
    if (installs.length === 0) continue;
    const copied = stage.some(
      x =>
        x.getKeyword() === 'COPY' &&
        x.getRange().start.line < installs[0].getRange().start.line &&
        /(^|\s)\.yarn\/patches(\s|$)/.test(x.getArgumentsContent() ?? ''),
    );
    assert.ok(
      copied,
      `stage ${
        from.getBuildStage() ?? i
      } runs \`${installs[0].getArgumentsContent()}\` without COPY .yarn/patches first`,
    );
  }
});

test('the GitHub workflow passes action-validator, which rejects a broken one', () => {
  const validator = path.join(repoRoot, 'node_modules/.bin/action-validator');
  const ok = spawnSync(
    validator,
    [path.join(repoRoot, '.github/workflows/ci.yaml')],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const workflow = read('.github/workflows/ci.yaml');
  assert.match(
    workflow,
    /bash \.ci\/run/,
    'GitHub runs the same suite as .ci/run',
  );

  const broken = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'wf-')),
    'ci.yaml',
  );
  fs.writeFileSync(broken, workflow.replace('runs-on:', 'runs_on:'));
  const bad = spawnSync(validator, [broken], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0, 'a workflow without runs-on is rejected');
});

test("the README's quick start is exactly two commands in one code block", () => {
  const readme = read('README.md');
  const section = readme.split(/^## /m).find(s => s.startsWith('Quick start'));
  assert.ok(section, 'README has a ## Quick start');
  const blocks = [...section.matchAll(/```\w*\n([\s\S]*?)```/g)];
  assert.equal(blocks.length, 1, 'one code block');
  const commands = blocks[0][1]
    .split('\n')
    .map(line => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
  assert.deepEqual(commands, ['bash scripts/start.sh', 'bash scripts/test.sh']);
  assert.match(
    read('.ci/run'),
    /bash scripts\/test\.sh/,
    '.ci/run calls the README test command',
  );
});

test('every variable the production config reads is documented in the operating guide', () => {
  const variables = new Set(
    findEnvReferences(
      'app-config.production.yaml',
      read('app-config.production.yaml'),
    ).map(r => r.name),
  );
  const guide = read('docs/operating.md');
  const undocumented = [...variables].filter(v => !guide.includes(`\`${v}\``));
  assert.deepEqual(undocumented, []);
});

test('no tracked file names a package registry host', () => {
  // The hosts are read at run time, never written down: npm's configured registry and
  // Yarn's built-in default (what yarn reports with no override in the environment).
  const env = { ...process.env };
  delete env.YARN_NPM_REGISTRY_SERVER;
  const hosts = [
    execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }),
    execFileSync('yarn', ['config', 'get', 'npmRegistryServer'], {
      encoding: 'utf8',
      cwd: repoRoot,
      env,
    }),
  ]
    .map(url => new URL(url.trim()).host)
    .filter(Boolean);
  assert.ok(hosts.length === 2, 'both registry hosts were found');
  const files = execFileSync('git', ['ls-files', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  const offenders = files.filter(file => {
    const full = path.join(repoRoot, file);
    if (!fs.existsSync(full) || fs.statSync(full).isDirectory()) return false;
    const text = fs.readFileSync(full, 'latin1');
    return hosts.some(host => text.includes(host));
  });
  assert.deepEqual(offenders, []);
});
