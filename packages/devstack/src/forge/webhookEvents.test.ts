/**
 * The webhooks Runway reacts to besides push and pull_request opened — status, issue_comment,
 * pull_request closed (merged or not) — in GitHub's payload shapes (every payload is checked
 * against GitHub's published webhook schemas), and GitHub's "Redeliver".
 */
import crypto from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '../devstack';
import {
  WebhookReceiver,
  botClient,
  expectNoViolations,
  mainHead,
  openPullRequest,
  receiveOrgWebhooks,
} from './__testUtils__/webhookReceiver';

jest.setTimeout(60_000);

let devstack: Devstack;
let octokit: Octokit;
let hooks: WebhookReceiver;

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  octokit = botClient(devstack);
  hooks = await receiveOrgWebhooks(devstack);
  await octokit.rest.repos.createInOrg({
    org: 'acme',
    name: 'hooked',
    auto_init: true,
  });
});

afterAll(async () => {
  await hooks.close();
  await devstack.stop();
});

afterEach(() => expectNoViolations(devstack));

const ofEvent = (event: string, action?: string) =>
  hooks.received.filter(
    r =>
      r.event === event &&
      (!action || r.body.action === action) &&
      r.body.repository.full_name === 'acme/hooked',
  );

describe('status', () => {
  it('tells of a commit status with the commit, the branches at it and who set it', async () => {
    const { sha } = await mainHead(octokit, 'hooked');
    const created = await octokit.rest.repos.createCommitStatus({
      owner: 'acme',
      repo: 'hooked',
      sha,
      state: 'success',
      context: 'ci/test',
      description: 'All tests passed',
      target_url: 'http://ci.example/1',
    });
    await devstack.forge.webhooks.idle();

    const [status] = ofEvent('status');
    expect(status.body).toMatchObject({
      id: created.data.id,
      sha,
      name: 'acme/hooked',
      context: 'ci/test',
      state: 'success',
      description: 'All tests passed',
      target_url: 'http://ci.example/1',
      branches: [{ name: 'main', commit: { sha } }],
      commit: { sha, commit: { message: expect.any(String) } },
      repository: { full_name: 'acme/hooked' },
      sender: { login: 'runway-bot' },
    });
    expect(status.signature).toBe(
      `sha256=${crypto
        .createHmac('sha256', 'hook-secret')
        .update(status.raw)
        .digest('hex')}`,
    );
  });
});

describe('issue_comment and pull_request closed', () => {
  it('tells of a comment on a pull request, with the issue marked as a pull request', async () => {
    const pr = await openPullRequest(octokit, 'hooked', 'commented', {
      'a.txt': 'a\n',
    });
    const comment = await octokit.rest.issues.createComment({
      owner: 'acme',
      repo: 'hooked',
      issue_number: pr.number,
      body: 'Looks good',
    });
    await devstack.forge.webhooks.idle();

    const [created] = ofEvent('issue_comment', 'created');
    expect(created.body).toMatchObject({
      action: 'created',
      issue: {
        number: pr.number,
        state: 'open',
        pull_request: {
          url: `${devstack.urls.githubApi}/repos/acme/hooked/pulls/${pr.number}`,
          merged_at: null,
        },
      },
      comment: { id: comment.data.id, body: 'Looks good' },
      sender: { login: 'runway-bot' },
    });
  });

  it('tells of a merge as closed with merged true, and of a close as closed with merged false', async () => {
    const merged = await openPullRequest(octokit, 'hooked', 'to-merge', {
      'b.txt': 'b\n',
    });
    const closed = await openPullRequest(octokit, 'hooked', 'to-close', {
      'c.txt': 'c\n',
    });
    await octokit.rest.pulls.merge({
      owner: 'acme',
      repo: 'hooked',
      pull_number: merged.number,
    });
    await octokit.rest.pulls.update({
      owner: 'acme',
      repo: 'hooked',
      pull_number: closed.number,
      state: 'closed',
    });
    // Closing what is already closed is no new event, as on GitHub.
    await octokit.rest.pulls.update({
      owner: 'acme',
      repo: 'hooked',
      pull_number: closed.number,
      state: 'closed',
    });
    await devstack.forge.webhooks.idle();

    const closings = ofEvent('pull_request', 'closed').map(r => [
      r.body.number,
      r.body.pull_request.merged,
      r.body.pull_request.state,
    ]);
    expect(closings).toEqual([
      [merged.number, true, 'closed'],
      [closed.number, false, 'closed'],
    ]);
    const mergedEvent = ofEvent('pull_request', 'closed')[0].body;
    expect(mergedEvent.pull_request.merge_commit_sha).toMatch(/^[0-9a-f]{40}$/);
    expect(mergedEvent.pull_request.merged_by.login).toBe('runway-bot');
  });
});

describe('redelivery', () => {
  it('sends a recorded delivery again byte for byte, with the same delivery id and signature', async () => {
    const [original] = ofEvent('status');
    const delivery = devstack.forge.webhooks.deliveries.find(
      d => d.id === original.delivery,
    )!;
    expect(delivery).toMatchObject({ event: 'status', redelivery: false });

    const again = await devstack.forge.webhooks.redeliver(original.delivery);
    await devstack.forge.webhooks.idle();

    expect(again).toMatchObject({
      id: original.delivery,
      redelivery: true,
      status: 200,
    });
    const copies = hooks.received.filter(r => r.delivery === original.delivery);
    expect(copies).toHaveLength(2);
    expect(copies[1].raw).toBe(copies[0].raw);
    expect(copies[1].signature).toBe(copies[0].signature);
    await expect(devstack.forge.webhooks.redeliver('nope')).rejects.toThrow(
      'no webhook delivery nope',
    );
  });
});
