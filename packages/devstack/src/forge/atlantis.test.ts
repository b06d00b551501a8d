/**
 * The Atlantis stand-in does to a platform-config pull request what `atlantis apply` does: the
 * apply comment in Atlantis' format, the `atlantis/apply` status, and on success the automerge —
 * each seen through GitHub's API and webhooks, in the order Atlantis makes them.
 */
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '../devstack';
import {
  WebhookReceiver,
  botClient,
  expectNoViolations,
  openPullRequest,
  receiveOrgWebhooks,
} from './__testUtils__/webhookReceiver';

jest.setTimeout(60_000);

let devstack: Devstack;
let octokit: Octokit;
let hooks: WebhookReceiver;
const repo = { owner: 'acme', repo: 'platform-config' };

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

const apply = (body: unknown) =>
  fetch(`${devstack.urls.base}/_devstack/atlantis/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const serviceTf = `module "service" {
  source = "../../modules/service"
  name   = "demo"
}

resource "aws_sqs_queue" "events" {
  name = "demo-events"
}
`;

describe('POST /_devstack/atlantis/apply', () => {
  it('applies, comments, sets atlantis/apply and merges the pull request, in Atlantis order', async () => {
    const pr = await openPullRequest(octokit, 'platform-config', 'add-demo', {
      'services/demo/main.tf': serviceTf,
    });
    await devstack.forge.webhooks.idle();
    hooks.received.splice(0);

    const res = await apply({
      repo: 'acme/platform-config',
      pull: pr.number,
      outcome: 'success',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      merged: true,
      projects: ['services/demo'],
    });
    await devstack.forge.webhooks.idle();

    const comments = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: pr.number,
    });
    expect(comments.data.map(c => c.user?.login)).toEqual([
      'atlantis-bot',
      'atlantis-bot',
    ]);
    expect(comments.data[0].body).toBe(
      [
        'Ran Apply for dir: `services/demo` workspace: `default`',
        '',
        '```diff',
        'module.service: Creating...',
        'module.service: Creation complete after 2s',
        'aws_sqs_queue.events: Creating...',
        'aws_sqs_queue.events: Creation complete after 2s',
        '',
        'Apply complete! Resources: 2 added, 0 changed, 0 destroyed.',
        '',
        '```',
        '',
      ].join('\n'),
    );
    expect(comments.data[1].body).toBe(
      'Automatically merging because all plans have been successfully applied.',
    );

    const statuses = await octokit.rest.repos.listCommitStatusesForRef({
      ...repo,
      ref: pr.head,
    });
    expect(statuses.data.map(s => [s.context, s.state, s.description])).toEqual(
      [
        ['atlantis/apply', 'success', '1/1 projects applied successfully.'],
        ['atlantis/apply', 'pending', 'Apply in progress...'],
      ],
    );

    const pull = await octokit.rest.pulls.get({
      ...repo,
      pull_number: pr.number,
    });
    expect(pull.data).toMatchObject({
      state: 'closed',
      merged: true,
      merged_by: { login: 'atlantis-bot' },
    });
    const main = await octokit.rest.repos.getContent({
      ...repo,
      path: 'services/demo/main.tf',
    });
    expect(main.status).toBe(200);

    // The workflow_run of platform-config's own CI on the merge is not Atlantis' doing.
    expect(
      hooks
        .names('acme/platform-config')
        .filter(n => !n.startsWith('workflow_run')),
    ).toEqual([
      'status',
      'issue_comment.created',
      'status',
      'issue_comment.created',
      'push',
      'pull_request.closed',
    ]);
    const closed = hooks.received.find(
      r => r.event === 'pull_request' && r.body.action === 'closed',
    )!;
    expect(closed.body.pull_request.merged).toBe(true);
    const status = hooks.received.filter(r => r.event === 'status')[1];
    expect(status.body).toMatchObject({
      sha: pr.head,
      context: 'atlantis/apply',
      state: 'success',
      sender: { login: 'atlantis-bot' },
    });
    const comment = hooks.received.find(r => r.event === 'issue_comment')!;
    expect(comment.body.issue.pull_request).toBeDefined();
    expect(comment.body.comment.body).toMatch(/^Ran Apply for dir:/);
  });

  it('on a failed apply, comments the error, sets failure and leaves the pull request open', async () => {
    const pr = await openPullRequest(octokit, 'platform-config', 'add-bad', {
      'services/bad/main.tf': 'resource "aws_s3_bucket" "data" {}\n',
    });

    const res = await apply({
      repo: 'acme/platform-config',
      pull: pr.number,
      outcome: 'failure',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ merged: false });

    const comments = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: pr.number,
    });
    expect(comments.data).toHaveLength(1);
    expect(comments.data[0].body).toMatch(
      /^Ran Apply for dir: `services\/bad` workspace: `default`\n\n\*\*Apply Error\*\*\n```\nrunning "terraform apply/,
    );
    const combined = await octokit.rest.repos.getCombinedStatusForRef({
      ...repo,
      ref: pr.head,
    });
    expect(combined.data.statuses).toEqual([
      expect.objectContaining({
        context: 'atlantis/apply',
        state: 'failure',
        description: '0/1 projects applied successfully.',
      }),
    ]);
    const pull = await octokit.rest.pulls.get({
      ...repo,
      pull_number: pr.number,
    });
    expect(pull.data).toMatchObject({ state: 'open', merged: false });
  });

  it('refuses an unknown or closed pull request and bad input, saying what to send', async () => {
    const unknown = await apply({
      repo: 'acme/platform-config',
      pull: 999,
      outcome: 'success',
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toBe(
      'acme/platform-config has no pull request #999',
    );

    const noRepo = await apply({
      repo: 'acme/nope',
      pull: 1,
      outcome: 'success',
    });
    expect(noRepo.status).toBe(404);

    const merged = (await octokit.rest.pulls.list({ ...repo, state: 'closed' }))
      .data[0];
    const again = await apply({
      repo: 'acme/platform-config',
      pull: merged.number,
      outcome: 'success',
    });
    expect(again.status).toBe(422);
    expect((await again.json()).message).toContain('is merged');

    const badOutcome = await apply({
      repo: 'acme/platform-config',
      pull: 1,
      outcome: 'maybe',
    });
    expect(badOutcome.status).toBe(422);
    expect((await badOutcome.json()).message).toMatch(/^outcome must be/);
    const badPull = await apply({ repo: 'acme/platform-config', pull: '1' });
    expect((await badPull.json()).message).toMatch(/^pull must be/);
  });
});
