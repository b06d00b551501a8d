/**
 * Issue 13's secrets acceptance: a secret form field (`ui:field: Secret`, sent as the task's
 * `secrets` and used as `${{ secrets.githubToken }}`) and the integration tokens (the GitHub and
 * Slack tokens of the config) never appear anywhere a person or another system can read them:
 * task logs and output (GET /v2/tasks/:id/events), the task itself, every log line and audit
 * event of the backend, pull requests, comments, commits and files in the forge, Slack messages,
 * and failure messages. Both golden paths and the fixture template run once to completion and
 * once into a failure injected at GitHub.
 */
import { Octokit } from '@octokit/rest';
import { Devstack, openPullRequest, startDevstack } from '@runway/devstack';
import {
  EPHEMERAL_ENVIRONMENT,
  NEW_SERVICE,
  environmentValues,
  newServiceValues,
  startBothGoldenPaths,
} from './__testUtils__/bothGoldenPaths';
import {
  TaskRecord,
  createTaskWithSecrets,
  settledTask,
} from './__testUtils__/tasksWithSecrets';

// The backend start (≈ 145 s on a busy 2-core machine) and six runs of up to 120 s each, in one beforeAll.
jest.setTimeout(15 * 60_000);

const FIXTURE = 'template:default/secrets-fixture';
/** A person's own GitHub token, as the secret form field holds it: the devstack's token for priyaraman (devstack-<login>). */
const PERSONAL_TOKEN = 'devstack-priyaraman';
const GITHUB_TOKEN = 'ghp_runwayIntegrationToken0000000000000001';
const SLACK_TOKEN = 'xoxb-runway-integration-0000000000001';
const secrets = { githubToken: PERSONAL_TOKEN };

let devstack: Devstack;
let started: Awaited<ReturnType<typeof startBothGoldenPaths>>;
const tasks: Record<string, TaskRecord> = {};

async function run(
  key: string,
  templateRef: string,
  values: object,
): Promise<TaskRecord> {
  const id = await createTaskWithSecrets(
    started.backend.server,
    templateRef,
    values,
    secrets,
  );
  tasks[key] = await settledTask(started.backend.server, id, 120_000);
  devstack.faults.clear();
  return tasks[key];
}

beforeAll(async () => {
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    githubToken: GITHUB_TOKEN,
    slackToken: SLACK_TOKEN,
  });
  started = await startBothGoldenPaths(devstack);
  const pr = await openPullRequest(
    new Octokit({ auth: GITHUB_TOKEN, baseUrl: devstack.urls.githubApi }),
    {
      owner: 'acme',
      repo: 'platform-config',
      branch: 'secrets',
      title: 'Secrets',
    },
  );
  const host = devstack.urls.githubHost;

  await run('fixture completed', FIXTURE, { name: 'secret-ok', host });
  // Backstage's publish:github uses the octokit package, which retries a 500 three times: five fail the step.
  devstack.injectFault({
    target: 'repos/create-in-org',
    status: 500,
    times: 5,
  });
  await run('fixture failed', FIXTURE, { name: 'secret-fail', host });

  await run('new-service completed', NEW_SERVICE, newServiceValues('sec-svc'));
  // More rate limits than Runway's client waits out: the Terraform step fails.
  devstack.injectFault({ target: 'pulls/create', status: 429, times: 5 });
  await run(
    'new-service failed',
    NEW_SERVICE,
    newServiceValues('sec-svc-fail'),
  );

  await run(
    'environment completed',
    EPHEMERAL_ENVIRONMENT,
    environmentValues('sec-env', pr.html_url),
  );
  devstack.injectFault({ target: 'git/create-tree', status: 429, times: 5 });
  await run(
    'environment failed',
    EPHEMERAL_ENVIRONMENT,
    environmentValues('sec-env-fail', pr.html_url),
  );
});

afterAll(async () => {
  await started?.backend.stop();
  await devstack?.stop();
});

const NEEDLES = {
  'the secret form field': PERSONAL_TOKEN,
  'the GitHub integration token': GITHUB_TOKEN,
  'the Slack token': SLACK_TOKEN,
};

/** "<where>: <which secret> in …context…" for every secret found in every haystack. */
function leaks(haystacks: Record<string, string>): string[] {
  return Object.entries(haystacks).flatMap(([where, text]) =>
    Object.entries(NEEDLES).flatMap(([what, needle]) => {
      const at = text.indexOf(needle);
      return at < 0
        ? []
        : [
            `${where}: ${what} in …${text.slice(
              Math.max(0, at - 80),
              at + 40,
            )}…`,
          ];
    }),
  );
}

/** Everything git holds for a forge repository: every commit's message, author and patch. */
async function gitHistory(owner: string, name: string): Promise<string> {
  const out = await devstack.forge
    .git(owner, name)
    .git(['log', '--all', '--format=%an %ae %cn %ce%n%B', '-p']);
  return out.toString();
}

it('runs each template once to completion and once into a failure', () => {
  expect(
    Object.fromEntries(Object.entries(tasks).map(([k, t]) => [k, t.status])),
  ).toEqual({
    'fixture completed': 'completed',
    'fixture failed': 'failed',
    'new-service completed': 'completed',
    'new-service failed': 'failed',
    'environment completed': 'completed',
    'environment failed': 'failed',
  });
});

it('masks the line where a template step logs the secret', () => {
  // Backstage's task logger masks what it writes for that step (`***`); that the token itself
  // appears nowhere is the next test's subject.
  expect(tasks['fixture completed'].log).toContain('***');
  expect(tasks['fixture completed'].log).not.toContain('Publishing secret-ok');
});

it('keeps secrets out of task logs, output, the task itself and failure messages', () => {
  expect(
    leaks(
      Object.fromEntries(
        Object.entries(tasks).flatMap(([key, task]) => [
          [`${key}: events and task`, task.raw],
          [`${key}: output`, JSON.stringify(task.output)],
          [`${key}: error`, task.error ?? ''],
        ]),
      ),
    ),
  ).toEqual([]);
});

it('keeps secrets out of the backend log and audit events', () => {
  const { logs, audits } = started.captured;
  expect(audits.length).toBeGreaterThan(0);
  expect(
    leaks({
      'backend log': logs.join('\n'),
      'audit events': audits.join('\n'),
    }),
  ).toEqual([]);
});

it('keeps secrets out of pull requests, comments, commits and files in the forge', async () => {
  const { repos, pulls, comments, statuses } = devstack.forge.state.data;
  const histories = Object.fromEntries(
    await Promise.all(
      repos.map(
        async r =>
          [
            `git ${r.owner}/${r.name}`,
            await gitHistory(r.owner, r.name),
          ] as const,
      ),
    ),
  );
  expect(histories['git acme/secret-ok']).toContain('# secret-ok');
  expect(
    leaks({
      'pull requests': JSON.stringify(pulls),
      comments: JSON.stringify(comments),
      statuses: JSON.stringify(statuses),
      repositories: JSON.stringify(repos),
      ...histories,
    }),
  ).toEqual([]);
});

it('keeps secrets out of Slack messages', () => {
  const messages = devstack.slack
    .channels()
    .flatMap(c => devstack.slack.messagesIn(c.id));
  expect(messages.length).toBeGreaterThan(0);
  expect(leaks({ 'Slack messages': JSON.stringify(messages) })).toEqual([]);
});
