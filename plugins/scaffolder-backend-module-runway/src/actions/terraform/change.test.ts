import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { prepareChange } from './change';
import { defaultBranchName } from './inputs';

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
const valid = {
  repoUrl: 'github.com?owner=acme&repo=platform-config',
  targetPath: 'services/payments-api',
  title: 'Add payments-api',
  modules: [
    {
      name: 'service',
      source: '../../modules/service',
      variables: { name: 'payments-api' },
    },
  ],
};

async function inputError(input: Record<string, unknown>): Promise<string> {
  const error = await prepareChange({ ...valid, ...input }, integrations).catch(
    e => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error.message;
}

describe('prepareChange', () => {
  it('renders main.tf into targetPath, adds the files, and picks the default branch', async () => {
    const change = await prepareChange(
      {
        ...valid,
        targetPath: 'services/payments-api/',
        files: { 'vars/x.txt': 'raw ${text}' },
        labels: ['a', 'a', 'b'],
      },
      integrations,
    );
    expect(change).toMatchObject({
      host: 'github.com',
      owner: 'acme',
      repo: 'platform-config',
      targetPath: 'services/payments-api',
      branch: 'runway/payments-api',
      title: 'Add payments-api',
      labels: ['a', 'b'],
    });
    expect(Object.keys(change.files)).toEqual([
      'services/payments-api/main.tf',
      'services/payments-api/vars/x.txt',
    ]);
    expect(change.files['services/payments-api/vars/x.txt']).toBe(
      'raw ${text}',
    );
  });

  it('writes the module blocks to moduleFile when given (one file per engineer in one root module)', async () => {
    const change = await prepareChange(
      { ...valid, targetPath: 'engineers', moduleFile: 'jane-doe.tf' },
      integrations,
    );
    expect(Object.keys(change.files)).toEqual(['engineers/jane-doe.tf']);
    for (const moduleFile of ['../x.tf', 'a/b.tf', 'x.txt', '.tf', 42]) {
      expect(await inputError({ moduleFile })).toMatch(
        /^moduleFile must be a file name ending in \.tf, without folders/,
      );
    }
  });

  it.each([
    ['/services/x', /^targetPath "\/services\/x" must be relative/],
    [
      'services/../../etc',
      /^targetPath "services\/..\/..\/etc" must not contain \.\./,
    ],
    ['..', /must not contain \.\./],
    ['services//x', /must not contain empty or \. segments/],
    ['./services', /must not contain empty or \. segments/],
    ['services\\x', /backslashes/],
    ['services/.git/hooks', /must not write into \.git/],
    ['', /^targetPath "" is empty/],
  ])('rejects targetPath %j', async (targetPath, message) => {
    expect(await inputError({ targetPath })).toMatch(message);
  });

  it('rejects file paths the same way, naming the file', async () => {
    expect(await inputError({ files: { '../escape.tf': 'x' } })).toMatch(
      /^files\["..\/escape.tf"\]: the path must not contain \.\./,
    );
    expect(await inputError({ files: { '/abs': 'x' } })).toMatch(
      /^files\["\/abs"\]: the path must be relative/,
    );
    expect(await inputError({ files: { 'ok.txt': 42 } })).toMatch(
      /^files\["ok.txt"\] must be the file's text/,
    );
  });

  it('refuses a files main.tf next to modules, and .tf files that do not parse', async () => {
    expect(await inputError({ files: { 'main.tf': 'x = 1\n' } })).toMatch(
      /^files\["main.tf"\] \(or main.tf under sourcePath\) clashes/,
    );
    expect(
      await inputError({ files: { 'extra.tf': 'resource "x" {' } }),
    ).toMatch(/^files\["extra.tf"\] is not valid HCL/);
  });

  it('needs modules or files', async () => {
    expect(await inputError({ modules: [] })).toMatch(/^Nothing to propose/);
  });

  it('rejects bad branch names, titles, labels and repoUrls with the field', async () => {
    expect(await inputError({ branchName: 'has space' })).toMatch(
      /^branchName "has space" must not contain spaces/,
    );
    expect(await inputError({ branchName: 'a..b' })).toMatch(
      /^branchName "a..b" must not contain \.\./,
    );
    expect(await inputError({ branchName: 'x.lock' })).toMatch(
      /must not end with \. or \.lock/,
    );
    expect(await inputError({ title: '  ' })).toMatch(
      /^title must be a non-empty string/,
    );
    expect(await inputError({ labels: ['ok', ''] })).toMatch(
      /^labels\[1\] must be a non-empty label name/,
    );
    expect(await inputError({ repoUrl: 'github.com?owner=acme' })).toMatch(
      /missing repo/,
    );
    expect(
      await inputError({ repoUrl: 'gitlab.example?owner=a&repo=b' }),
    ).toMatch(/No matching integration/);
  });
});

describe('defaultBranchName', () => {
  it.each([
    ['services/payments-api', 'runway/payments-api'],
    ['payments', 'runway/payments'],
    ['services/my service~1', 'runway/my-service-1'],
    ['services/..hidden.', 'runway/hidden'],
    ['services/x.lock', 'runway/x'],
    ['services/@{}', 'runway/change'],
  ])('%j → %j', (targetPath, branch) => {
    expect(defaultBranchName(targetPath)).toBe(branch);
  });
});

describe('prepareChange with folders', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'terraform-folders-'));
    fs.mkdirSync(path.join(workspace, 'apps'));
    fs.writeFileSync(
      path.join(workspace, 'apps/staging.yaml'),
      'kind: Application\n',
    );
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('adds each folder under its own repository path, beside targetPath', async () => {
    const change = await prepareChange(
      {
        ...valid,
        folders: [{ sourcePath: './apps', targetPath: 'apps/payments-api' }],
      },
      integrations,
      workspace,
    );
    expect(Object.keys(change.files)).toEqual([
      'services/payments-api/main.tf',
      'apps/payments-api/staging.yaml',
    ]);
    expect(change.files['apps/payments-api/staging.yaml']).toBe(
      'kind: Application\n',
    );
  });

  it('refuses a folder target outside the repository, naming the field', async () => {
    const error = await prepareChange(
      { ...valid, folders: [{ sourcePath: './apps', targetPath: '../x' }] },
      integrations,
      workspace,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^folders\[0\]\.targetPath "\.\.\/x"/);
  });

  it('refuses a YAML file that does not parse, so Argo CD never sees it', async () => {
    fs.writeFileSync(
      path.join(workspace, 'apps/production.yaml'),
      'metadata:\n  name: "a\n  labels: [\n',
    );
    const error = await prepareChange(
      {
        ...valid,
        folders: [{ sourcePath: './apps', targetPath: 'apps/payments-api' }],
      },
      integrations,
      workspace,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^"apps\/payments-api\/production.yaml" is not valid YAML/,
    );
  });
});
