import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { resolveWorkspacePaths } from './workspacePaths';

const mockDir = createMockDirectory();
beforeEach(() => {
  mockDir.clear();
  mockDir.setContent({
    'catalog-info.yaml': 'kind: Component',
    deploy: {
      'deployment.yaml': 'kind: Deployment',
      'service.yaml': 'kind: Service',
    },
    docs: { 'index.md': '# hi' },
  });
});

const resolve = (patterns: string[]) =>
  resolveWorkspacePaths(mockDir.path, patterns);

it('resolves files and directories inside the workspace', async () => {
  expect(await resolve(['deploy', 'catalog-info.yaml'])).toEqual([
    mockDir.resolve('catalog-info.yaml'),
    mockDir.resolve('deploy'),
  ]);
  expect(await resolve(['.'])).toEqual([mockDir.path]);
});

it('expands globs, once per file', async () => {
  expect(await resolve(['**/*.yaml', 'deploy/*.yaml'])).toEqual([
    mockDir.resolve('catalog-info.yaml'),
    mockDir.resolve('deploy/deployment.yaml'),
    mockDir.resolve('deploy/service.yaml'),
  ]);
});

it.each([
  ['a parent directory', '../etc'],
  ['a parent inside a path', 'deploy/../../etc/passwd'],
  ['a glob that climbs', '../**/*.yaml'],
  ['an absolute path', '/etc/passwd'],
  ['an empty path', ''],
])('refuses %s, saying what to give instead', async (_what, pattern) => {
  await expect(resolve([pattern])).rejects.toThrow(
    `paths: ${JSON.stringify(
      pattern,
    )} is not a path inside the workspace; give a relative path without "..", such as "deploy" or "deploy/*.yaml".`,
  );
});

it('refuses a path or glob that matches nothing', async () => {
  await expect(resolve(['deploy', 'k8s'])).rejects.toThrow(
    'paths: "k8s" matches nothing in the workspace; check the path, and that the step rendering it runs before this one.',
  );
  await expect(resolve(['**/*.tf'])).rejects.toThrow(
    'paths: "**/*.tf" matches nothing',
  );
});

it('refuses a rendered link that leaves the workspace', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
  fs.writeFileSync(path.join(outside, 'secret.yaml'), 'kind: Secret');
  fs.symlinkSync(outside, mockDir.resolve('escape'));
  try {
    await expect(resolve(['escape'])).rejects.toThrow(
      'paths: "escape" is a link that leaves the workspace',
    );
    await expect(resolve(['esc*'])).rejects.toThrow(
      'paths: "escape" is a link that leaves the workspace',
    );
    // Globs do not follow links into other directories.
    await expect(resolve(['*/secret.yaml'])).rejects.toThrow(
      'paths: "*/secret.yaml" matches nothing',
    );
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

it('names the input it checks', async () => {
  await expect(
    resolveWorkspacePaths(mockDir.path, ['../policies'], 'policiesDir'),
  ).rejects.toThrow('policiesDir: "../policies" is not a path inside');
});
