/**
 * `runway deploy bump` and `runway deploy rollback` against the devstack's forge: real HTTP,
 * GitHub's OpenAPI description checking every answer, real git objects. What is asserted is what
 * a developer sees in platform-config: its pull requests, their branch, labels and file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '@runway/devstack';
import YAML, { parseDocument } from 'yaml';
import { recordingIo } from '../__testUtils__/io';
import { run } from '../index';

jest.setTimeout(120_000);

const FILE = 'apps/ledger/staging.yaml';
const APPLICATION = `# Comments stay where they are.
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ledger-staging
  namespace: argocd
  labels:
    runway.dev/service: ledger
    runway.dev/stage: staging
spec:
  project: runway-services
  source:
    repoURL: https://github.com/acme/ledger.git
    targetRevision: main
    path: deploy
    kustomize:
      images:
        # The one place the tag lives.
        - registry.acme.example/acme/ledger:bootstrap
  destination:
    server: https://kubernetes.default.svc
    namespace: ledger
`;
const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);

let devstack: Devstack;
let octokit: Octokit;
let env: Record<string, string>;

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  octokit = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
  env = {
    GITHUB_TOKEN: devstack.githubToken,
    GITHUB_API_URL: devstack.urls.githubApi,
  };
  for (const [file, content] of [
    [FILE, APPLICATION],
    [
      'apps/ledger/production.yaml',
      APPLICATION.replace(/staging/g, 'production'),
    ],
  ])
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'platform-config',
      path: file,
      message: `Add ${file}`,
      content: Buffer.from(content).toString('base64'),
    });
});

afterAll(() => devstack?.stop());

async function runway(...argv: string[]) {
  const io = recordingIo(__dirname);
  const code = await run(argv, { ...io, env });
  return { code, out: io.out(), err: io.err() };
}

const openDeployPulls = (stage: string) =>
  devstack.forge.state.data.pulls.filter(
    p =>
      p.repo === 'acme/platform-config' &&
      p.head === `runway/deploy-ledger-${stage}` &&
      p.state === 'open',
  );

async function fileAt(ref: string, file = FILE) {
  const { data } = await octokit.rest.repos.getContent({
    owner: 'acme',
    repo: 'platform-config',
    path: file,
    ref,
  });
  return Buffer.from((data as { content: string }).content, 'base64').toString(
    'utf8',
  );
}

const imagesIn = (text: string) =>
  parseDocument(text).getIn(['spec', 'source', 'kustomize', 'images']) as any;

async function merge(number: number) {
  await octokit.rest.pulls.merge({
    owner: 'acme',
    repo: 'platform-config',
    pull_number: number,
  });
}

describe('runway deploy bump', () => {
  it('opens one pull request that changes only the image tag, labelled for auto-merge on staging', async () => {
    const result = await runway(
      'deploy',
      'bump',
      '--service',
      'ledger',
      '--stage',
      'staging',
      '--image-tag',
      SHA1,
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    const [pull] = openDeployPulls('staging');
    expect(openDeployPulls('staging')).toHaveLength(1);
    expect(result.out).toContain(`/acme/platform-config/pull/${pull.number}`);
    expect(pull.title).toBe(`Deploy ledger ${SHA1} to staging`);
    const { data: labels } = await octokit.rest.issues.listLabelsOnIssue({
      owner: 'acme',
      repo: 'platform-config',
      issue_number: pull.number,
    });
    expect(labels.map(l => l.name).sort()).toEqual([
      'runway/auto-merge',
      'runway/deploy',
    ]);
    const text = await fileAt('runway/deploy-ledger-staging');
    expect(imagesIn(text).toJSON()).toEqual([
      `registry.acme.example/acme/ledger:${SHA1}`,
    ]);
    // Only the tag changed: comments and every other line are as they were.
    expect(text).toBe(APPLICATION.replace(':bootstrap', `:${SHA1}`));
  });

  it('a second bump updates the same pull request to the newer tag', async () => {
    const [before] = openDeployPulls('staging');
    const result = await runway(
      'deploy',
      'bump',
      '--service',
      'ledger',
      '--stage',
      'staging',
      '--image-tag',
      SHA2,
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^Updated /);
    expect(openDeployPulls('staging')).toEqual([
      expect.objectContaining({
        number: before.number,
        title: `Deploy ledger ${SHA2} to staging`,
      }),
    ]);
    expect(
      imagesIn(await fileAt('runway/deploy-ledger-staging')).toJSON(),
    ).toEqual([`registry.acme.example/acme/ledger:${SHA2}`]);
  });

  it('a bump to the tag the pull request already holds changes nothing', async () => {
    const { data: before } = await octokit.rest.git.getRef({
      owner: 'acme',
      repo: 'platform-config',
      ref: 'heads/runway/deploy-ledger-staging',
    });
    const result = await runway(
      'deploy',
      'bump',
      '--service',
      'ledger',
      '--stage',
      'staging',
      '--image-tag',
      SHA2,
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(
      /^Nothing to do: pull request #\d+ already deploys/,
    );
    const { data: after } = await octokit.rest.git.getRef({
      owner: 'acme',
      repo: 'platform-config',
      ref: 'heads/runway/deploy-ledger-staging',
    });
    expect(after.object.sha).toBe(before.object.sha);
    expect(openDeployPulls('staging')).toHaveLength(1);
  });

  it('production gets its own pull request, waiting for review (no auto-merge label)', async () => {
    const result = await runway(
      'deploy',
      'bump',
      '--service',
      'ledger',
      '--stage',
      'production',
      '--image-tag',
      SHA1,
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    const [pull] = openDeployPulls('production');
    const { data: labels } = await octokit.rest.issues.listLabelsOnIssue({
      owner: 'acme',
      repo: 'platform-config',
      issue_number: pull.number,
    });
    expect(labels.map(l => l.name)).toEqual(['runway/deploy']);
    expect(openDeployPulls('staging')).toHaveLength(1);
  });

  it('once merged, the same tag is a no-op, and no pull request is opened', async () => {
    const [pull] = openDeployPulls('staging');
    await merge(pull.number);
    const result = await runway(
      'deploy',
      'bump',
      '--service',
      'ledger',
      '--stage',
      'staging',
      '--image-tag',
      SHA2,
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^Nothing to do: staging already runs/);
    expect(openDeployPulls('staging')).toHaveLength(0);
    expect(imagesIn(await fileAt('main')).toJSON()).toEqual([
      `registry.acme.example/acme/ledger:${SHA2}`,
    ]);
  });

  it.each([
    [['--stage', 'staging', '--image-tag', SHA1], /--service is required/],
    [
      ['--service', 'Ledger', '--stage', 'staging', '--image-tag', SHA1],
      /--service "Ledger" is not a service name: use lower-case/,
    ],
    [
      ['--service', 'ledger', '--stage', 'qa', '--image-tag', SHA1],
      /--stage "qa" is not a stage: use staging or production/,
    ],
    [
      ['--service', 'ledger', '--stage', 'staging', '--image-tag', 'v1:evil'],
      /--image-tag "v1:evil" is not a valid image tag/,
    ],
    [
      ['--service', 'ledger', '--stage', 'staging', '--image-tag', '.x'],
      /--image-tag ".x" is not a valid image tag/,
    ],
    [['--service', 'ledger', '--stage', 'staging'], /--image-tag is required/],
    [
      [
        '--service',
        'ledger',
        '--stage',
        'staging',
        '--image-tag',
        SHA1,
        '--repo',
        'platform-config',
      ],
      /--repo "platform-config" is not owner\/name/,
    ],
  ])(
    'refuses %j, naming the flag and the fix, and writes nothing',
    async (argv, message) => {
      const pulls = devstack.forge.state.data.pulls.length;
      const result = await runway('deploy', 'bump', ...argv);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(message);
      expect(devstack.forge.state.data.pulls.length).toBe(pulls);
    },
  );

  it('says which file is missing for a service platform-config does not deploy', async () => {
    const result = await runway(
      'deploy',
      'bump',
      '--service',
      'nobody',
      '--stage',
      'staging',
      '--image-tag',
      SHA1,
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('has no apps/nobody/staging.yaml on main');
  });

  it('needs GITHUB_TOKEN', async () => {
    const saved = env;
    env = { GITHUB_API_URL: devstack.urls.githubApi };
    try {
      const result = await runway(
        'deploy',
        'bump',
        '--service',
        'ledger',
        '--stage',
        'staging',
        '--image-tag',
        SHA1,
      );
      expect(result.code).toBe(2);
      expect(result.err).toContain('GITHUB_TOKEN is not set');
    } finally {
      env = saved;
    }
  });
});

describe('runway deploy rollback', () => {
  it('opens the pull request that restores the previous tag', async () => {
    // main: bootstrap, then SHA2 (merged above); a newer bump on top makes SHA2 "previous".
    await runway(
      'deploy',
      'bump',
      '--service',
      'ledger',
      '--stage',
      'staging',
      '--image-tag',
      'v3',
    );
    await merge(openDeployPulls('staging')[0].number);
    expect(imagesIn(await fileAt('main')).toJSON()).toEqual([
      'registry.acme.example/acme/ledger:v3',
    ]);

    const result = await runway(
      'deploy',
      'rollback',
      '--service',
      'ledger',
      '--stage',
      'staging',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    const pulls = openDeployPulls('staging');
    expect(pulls).toEqual([
      expect.objectContaining({
        title: `Roll back ledger on staging to ${SHA2}`,
      }),
    ]);
    expect(
      imagesIn(await fileAt('runway/deploy-ledger-staging')).toJSON(),
    ).toEqual([`registry.acme.example/acme/ledger:${SHA2}`]);
  });

  it('refuses when the stage has never run another tag', async () => {
    const result = await runway(
      'deploy',
      'rollback',
      '--service',
      'ledger',
      '--stage',
      'production',
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('nothing to roll back to');
  });
});

describe('the runway-deploy Action (.github/actions/runway-deploy)', () => {
  const actionDir = path.resolve(
    __dirname,
    '../../../../.github/actions/runway-deploy',
  );
  const action = YAML.parse(
    fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8'),
  );

  it('passes action-validator', async () => {
    const result = await exec(
      path.resolve(__dirname, '../../../../node_modules/.bin/action-validator'),
      [path.join(actionDir, 'action.yml')],
      {},
    );
    expect(result).toMatchObject({ code: 0 });
  });

  it('its bump step opens the pull request and writes its URL to GITHUB_OUTPUT', async () => {
    const step = action.runs.steps.find(
      (s: { id?: string }) => s.id === 'bump',
    );
    // The inputs reach the script only through env, as the step maps them.
    expect(step.env).toEqual({
      GITHUB_TOKEN: '${{ inputs.token }}',
      GITHUB_API_URL: '${{ github.api_url }}',
      RUNWAY_SERVICE: '${{ inputs.service }}',
      RUNWAY_STAGE: '${{ inputs.stage }}',
      RUNWAY_IMAGE_TAG: '${{ inputs.image-tag }}',
      RUNWAY_REPO: '${{ inputs.repo }}',
    });
    expect(step.run).not.toContain('${{');
    const output = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'runway-deploy-')),
      'github-output',
    );
    const result = await exec('bash', ['-c', step.run], {
      ...process.env,
      GITHUB_ACTION_PATH: actionDir,
      GITHUB_OUTPUT: output,
      GITHUB_TOKEN: devstack.githubToken,
      GITHUB_API_URL: devstack.urls.githubApi,
      RUNWAY_SERVICE: 'ledger',
      RUNWAY_STAGE: 'production',
      RUNWAY_IMAGE_TAG: 'v9',
      RUNWAY_REPO: 'acme/platform-config',
    });
    expect(result).toMatchObject({ code: 0 });
    const [pull] = openDeployPulls('production');
    expect(pull.title).toBe('Deploy ledger v9 to production');
    expect(fs.readFileSync(output, 'utf8')).toBe(
      `pull-request=${devstack.urls.base}/acme/platform-config/pull/${pull.number}\n`,
    );
  });
});

it("every answer the forge gave matched GitHub's description", () => {
  expect(devstack.forge.responseViolations).toEqual([]);
});

/** Runs a program to its end; output is stdout and stderr together. */
function exec(
  command: string,
  args: string[],
  childEnv: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...childEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.once('error', reject);
    child.once('close', code => resolve({ code, output }));
  });
}
