/**
 * platform-config's deploy-auto-merge workflow approves and merges a staging tag bump on its own:
 * its eligibility check runs here as GitHub would run it (bash, jq), with a fake `gh` answering the
 * compare API, against a real bump and against the attacks it must refuse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { repoRoot } from '../scripts/lib/builtBackend.mts';

const workflow = parse(
  fs.readFileSync(
    path.join(
      repoRoot,
      'examples/platform-config/.github/workflows/deploy-auto-merge.yaml',
    ),
    'utf8',
  ),
);
const check: string = workflow.jobs['auto-merge'].steps[0].run;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-auto-merge-'));
fs.mkdirSync(path.join(dir, 'bin'));
fs.writeFileSync(path.join(dir, 'check.sh'), check);
// GitHub's compare API, answered from FILES_JSON.
fs.writeFileSync(
  path.join(dir, 'bin', 'gh'),
  '#!/usr/bin/env bash\nprintf \'{"files": %s}\' "$FILES_JSON"\n',
  { mode: 0o755 },
);

type Verdict = 'approve' | 'refuse';

function verdictFor(
  files: { status: string; filename: string; patch: string }[],
  env: Record<string, string> = {},
): Verdict {
  const output = path.join(dir, 'output');
  fs.writeFileSync(output, '');
  const run = spawnSync('bash', [path.join(dir, 'check.sh')], {
    env: {
      ...process.env,
      PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
      GITHUB_OUTPUT: output,
      FILES_JSON: JSON.stringify(files),
      GH_TOKEN: 'x',
      REPO: 'acme/platform-config',
      BRANCH: 'runway/deploy-cart-service-staging',
      HEAD_SHA: 'a'.repeat(40),
      HEAD_REPO: 'acme/platform-config',
      BASE_REF: 'main',
      DEFAULT_BRANCH: 'main',
      LABELLED: 'true',
      ...env,
    },
    encoding: 'utf8',
  });
  const eligible = fs.readFileSync(output, 'utf8');
  return run.status === 0 && eligible.includes('eligible=true')
    ? 'approve'
    : 'refuse';
}

const IMAGE = '        - registry.acme.example/cart-service';
const bump = (added: string, status = 'modified') => [
  {
    status,
    filename: 'apps/cart-service/staging.yaml',
    patch: `@@ -22 +22 @@\n-${IMAGE}:2.14.0\n+${added}`,
  },
];

test('approves a staging tag bump: the image line, another tag', () => {
  assert.equal(verdictFor(bump(`${IMAGE}:abc123`)), 'approve');
});

test('refuses an image from another registry', () => {
  assert.equal(
    verdictFor(bump('        - ghcr.io/mallory/cart-service:1')),
    'refuse',
  );
});

test('refuses an old=new override of another image', () => {
  assert.equal(
    verdictFor(
      bump(
        '        - registry.acme.example/postgres=ghcr.io/mallory/cart-service:1',
      ),
    ),
    'refuse',
  );
});

test('refuses a second image entry', () => {
  assert.equal(
    verdictFor([
      {
        status: 'modified',
        filename: 'apps/cart-service/staging.yaml',
        patch: `@@ -22 +22,2 @@\n-${IMAGE}:2.14.0\n+${IMAGE}:abc123\n+        - ghcr.io/mallory/cart-service:1`,
      },
    ]),
    'refuse',
  );
});

test('refuses a file renamed onto the path, or another file beside it', () => {
  assert.equal(verdictFor(bump(`${IMAGE}:abc123`, 'renamed')), 'refuse');
  assert.equal(
    verdictFor([
      ...bump(`${IMAGE}:abc123`),
      {
        status: 'modified',
        filename: 'apps/cart-service/production.yaml',
        patch: `@@ -22 +22 @@\n-${IMAGE}:2.14.0\n+${IMAGE}:abc123`,
      },
    ]),
    'refuse',
  );
});

test('refuses production, a fork, another base and a missing label', () => {
  const ok = bump(`${IMAGE}:abc123`);
  assert.equal(
    verdictFor(ok, { BRANCH: 'runway/deploy-cart-service-production' }),
    'refuse',
  );
  assert.equal(
    verdictFor(ok, { HEAD_REPO: 'mallory/platform-config' }),
    'refuse',
  );
  assert.equal(verdictFor(ok, { BASE_REF: 'release' }), 'refuse');
  assert.equal(verdictFor(ok, { LABELLED: 'false' }), 'refuse');
});
