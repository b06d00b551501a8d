/**
 * The GitHub Actions REST API as Backstage's GitHub Actions plugin calls it (every answer checked
 * against GitHub's description): workflows from `.github/workflows`, seeded past runs, a run for
 * each push to main, jobs, job logs and re-runs, with `workflow_run` webhooks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '../devstack';
import {
  WebhookReceiver,
  botClient,
  expectNoViolations,
  receiveOrgWebhooks,
} from './__testUtils__/webhookReceiver';

jest.setTimeout(60_000);

let devstack: Devstack;
let octokit: Octokit;
let hooks: WebhookReceiver;
const platformConfig = { owner: 'acme', repo: 'platform-config' };
const examplesDir = path.resolve(
  __dirname,
  '../../../../examples/platform-config',
);

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  octokit = botClient(devstack);
  hooks = await receiveOrgWebhooks(devstack);
});

afterAll(async () => {
  await hooks.close();
  await devstack.stop();
});

afterEach(() => expectNoViolations(devstack));

describe('workflows', () => {
  it("lists a repository's workflow files and gets one by id or file name", async () => {
    const list = await octokit.rest.actions.listRepoWorkflows(platformConfig);
    // The workflow files of examples/platform-config, which the forge seeds it from.
    const files = fs
      .readdirSync(path.join(examplesDir, '.github/workflows'))
      .filter(f => /\.ya?ml$/.test(f));
    expect(list.data.total_count).toBe(files.length);
    expect(list.data.workflows.map(w => w.path).sort()).toEqual(
      files.map(f => `.github/workflows/${f}`).sort(),
    );
    expect(list.data.workflows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'plan-check', state: 'active' }),
        expect.objectContaining({ name: 'policy', state: 'active' }),
      ]),
    );
    const policy = list.data.workflows.find(w => w.name === 'policy')!;
    const byId = await octokit.rest.actions.getWorkflow({
      ...platformConfig,
      workflow_id: policy.id,
    });
    const byFile = await octokit.rest.actions.getWorkflow({
      ...platformConfig,
      workflow_id: 'policy.yaml',
    });
    expect(byId.data).toEqual(byFile.data);
    const missing = await octokit.rest.actions
      .getWorkflow({ ...platformConfig, workflow_id: 'nope.yaml' })
      .catch(e => e);
    expect(missing.status).toBe(404);
  });
});

describe('runs seeded for the repositories the forge starts with', () => {
  it('has past runs with mixed conclusions, filtered and paged as GitHub does', async () => {
    // As the plugin asks: page 0, 100 a page.
    const all = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...platformConfig,
      per_page: 100,
      page: 0,
    });
    const runs = all.data.workflow_runs;
    expect(all.data.total_count).toBe(runs.length);
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(new Set(runs.map(r => r.conclusion))).toEqual(
      new Set(['success', 'failure']),
    );
    expect(new Set(runs.map(r => r.event))).toEqual(
      new Set(['push', 'pull_request']),
    );
    const created = runs.map(r => r.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    const main = (
      await octokit.rest.git.getRef({ ...platformConfig, ref: 'heads/main' })
    ).data.object.sha;
    expect(runs.filter(r => r.head_branch === 'main')[0].head_sha).toBe(main);

    const onMain = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...platformConfig,
      branch: 'main',
    });
    expect(onMain.data.workflow_runs.every(r => r.head_branch === 'main')).toBe(
      true,
    );
    const failed = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...platformConfig,
      status: 'failure',
    });
    expect(failed.data.total_count).toBeGreaterThan(0);
    expect(
      failed.data.workflow_runs.every(r => r.conclusion === 'failure'),
    ).toBe(true);
    const pushes = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...platformConfig,
      event: 'push',
    });
    expect(pushes.data.workflow_runs.every(r => r.event === 'push')).toBe(true);

    const page2 = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...platformConfig,
      per_page: 2,
      page: 2,
    });
    expect(page2.data.total_count).toBe(runs.length);
    expect(page2.data.workflow_runs.map(r => r.id)).toEqual(
      runs.slice(2, 4).map(r => r.id),
    );

    const policy = await octokit.rest.actions.listWorkflowRuns({
      ...platformConfig,
      workflow_id: 'policy.yaml',
    });
    expect(policy.data.workflow_runs.every(r => r.name === 'policy')).toBe(
      true,
    );
    expect(policy.data.total_count).toBeLessThan(runs.length);
  });

  it('gets a run, its jobs named after the workflow, and a job log through a redirect', async () => {
    const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...platformConfig,
      status: 'failure',
    });
    const failed = data.workflow_runs[0];
    const run = await octokit.rest.actions.getWorkflowRun({
      ...platformConfig,
      run_id: failed.id,
    });
    expect(run.data).toMatchObject({ id: failed.id, conclusion: 'failure' });

    const jobs = await octokit.rest.actions.listJobsForWorkflowRun({
      ...platformConfig,
      run_id: failed.id,
      per_page: 100,
      page: 0,
    });
    const job = jobs.data.jobs[jobs.data.jobs.length - 1];
    expect(['fmt and validate', 'Runway policies']).toContain(job.name);
    expect(job.conclusion).toBe('failure');
    expect(job.steps!.map(s => s.name)[0]).toBe('Set up job');
    expect(job.steps!.find(s => s.conclusion === 'failure')).toBeDefined();

    const log = await octokit.rest.actions.downloadJobLogsForWorkflowRun({
      ...platformConfig,
      job_id: job.id,
    });
    expect(log.status).toBe(200);
    expect(String(log.data)).toContain(`Job: ${job.name}`);
    expect(String(log.data)).toContain('##[error]Process completed');

    // The redirect answer itself, as GitHub gives it.
    const redirect = await fetch(
      `${devstack.urls.githubApi}/repos/acme/platform-config/actions/jobs/${job.id}/logs`,
      {
        headers: { authorization: `token ${devstack.githubToken}` },
        redirect: 'manual',
      },
    );
    expect(redirect.status).toBe(302);
    const forged = new URL(redirect.headers.get('location')!);
    forged.searchParams.set('token', 'forged');
    expect((await fetch(forged)).status).toBe(404);
  });

  it('re-runs a failed run as a new attempt that passes, and tells webhooks', async () => {
    const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...platformConfig,
      status: 'failure',
    });
    const failed = data.workflow_runs[0];
    const rerun = await octokit.rest.actions.reRunWorkflow({
      ...platformConfig,
      run_id: failed.id,
    });
    expect(rerun.status).toBe(201);
    const after = await octokit.rest.actions.getWorkflowRun({
      ...platformConfig,
      run_id: failed.id,
    });
    expect(after.data).toMatchObject({
      run_attempt: 2,
      status: 'completed',
      conclusion: 'success',
    });
    await devstack.forge.webhooks.idle();
    const hook = hooks.received.find(
      r => r.event === 'workflow_run' && r.body.workflow_run.id === failed.id,
    )!;
    expect(hook.body).toMatchObject({
      action: 'completed',
      workflow_run: { run_attempt: 2, conclusion: 'success' },
      workflow: { id: failed.workflow_id },
    });
  });
});

describe('a push to main', () => {
  it('records a successful run of each workflow the push triggers, with its jobs, and a workflow_run webhook', async () => {
    await octokit.rest.repos.createInOrg({
      org: 'acme',
      name: 'built',
      auto_init: true,
    });
    const workflow = `name: CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    name: Tests and type check
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: yarn test
  image:
    runs-on: ubuntu-24.04
    steps:
      - name: Build the image
        run: docker build .
`;
    const pushed = await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'built',
      path: '.github/workflows/ci.yaml',
      message: 'Add CI',
      content: Buffer.from(workflow).toString('base64'),
    });
    // A branch push runs nothing here: the workflow's push trigger is for main only.
    await octokit.rest.git.createRef({
      owner: 'acme',
      repo: 'built',
      ref: 'refs/heads/feature',
      sha: pushed.data.commit.sha!,
    });
    await devstack.forge.webhooks.idle();

    const runs = await octokit.rest.actions.listWorkflowRunsForRepo({
      owner: 'acme',
      repo: 'built',
    });
    expect(runs.data.total_count).toBe(1);
    const [run] = runs.data.workflow_runs;
    expect(run).toMatchObject({
      name: 'CI',
      head_branch: 'main',
      head_sha: pushed.data.commit.sha,
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      run_number: 1,
      display_title: 'Add CI',
      actor: { login: 'runway-bot' },
    });
    const jobs = await octokit.rest.actions.listJobsForWorkflowRun({
      owner: 'acme',
      repo: 'built',
      run_id: run.id,
    });
    expect(jobs.data.jobs.map(j => [j.name, j.conclusion])).toEqual([
      ['Tests and type check', 'success'],
      ['image', 'success'],
    ]);
    expect(jobs.data.jobs[1].steps!.map(s => s.name)).toEqual([
      'Set up job',
      'Build the image',
      'Complete job',
    ]);
    const announced = hooks.received.filter(
      r => r.event === 'workflow_run' && r.body.repository.name === 'built',
    );
    expect(announced.map(r => [r.body.action, r.body.workflow_run.id])).toEqual(
      [['completed', run.id]],
    );
  });
});

describe('from the browser', () => {
  it("answers the GitHub Actions plugin's preflight and lets it read the answer, as GitHub's CORS does", async () => {
    const url = `${devstack.urls.githubApi}/repos/acme/platform-config/actions/runs`;
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain(
      'Authorization',
    );
    const answer = await fetch(url, {
      headers: {
        origin: 'http://localhost:3000',
        authorization: `token ${devstack.githubToken}`,
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });
});
