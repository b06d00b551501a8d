/**
 * Golden path 3 end to end on the devstack: the HR system's signed hire (and Okta's event hook
 * for the same person) → one onboarding run → the real scaffolder runs the engineer-onboarding
 * template → one platform-config pull request whose engineers/engineer-<login>.tf parses with HashiCorp's
 * parser and calls modules/engineer-access, the team's Slack channel and standup usergroup, the
 * welcome mail with its orientation meetings in the SMTP stand-in, and the manager told. The same
 * events replayed change nothing.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import { parse } from '@cdktf/hcl2json';
import { Octokit } from '@octokit/rest';
import { Devstack, startDevstack } from '@runway/devstack';
import { defaultPoliciesDir, loadPolicies } from '@runway/policy-engine';
import { signHrRequest } from '@runway/plugin-onboarding-backend';
import request from 'supertest';
import { startOnboardingBackend } from './__testUtils__/onboardingBackend';
import {
  createTask,
  retryTask,
  waitForEntity,
  waitForTask,
} from './__testUtils__/scaffolderTasks';

jest.setTimeout(300_000);

const HR_SECRET = 'hr-webhook-secret-for-the-test';
const HOOK_SECRET = 'okta-hook-secret-for-the-test';
const ADA = {
  idpUserId: '00u-ada-lovelace',
  name: 'Ada Lovelace',
  email: 'ada.lovelace@acme.example',
  githubLogin: 'ada-lovelace',
  team: 'group:default/payments',
  manager: 'grace.liu@acme.example',
  buddy: 'priya.raman@acme.example',
  startDate: '2027-01-04',
};

/** A service Ada owns alone; offboarding hands it to her team. */
const ADA_NOTES = `# Ada's notebook service.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ada-notes
  annotations:
    github.com/project-slug: acme/ada-notes
spec:
  type: service
  lifecycle: experimental
  owner: user:ada-lovelace # until she leaves
`;

const GRAPH_CLIENT_STATE = 'graph-client-state-for-the-test';

/**
 * Okta's Users API for the same person (the event hook carries only the id), and the Entra
 * token and Graph subscription endpoints Runway calls at start.
 */
async function startOkta() {
  const graphReads: string[] = [];
  const server = http.createServer((req, res) => {
    // Graph's user, as a notification makes Runway read it (a new account: created today).
    if (req.url?.startsWith(`/graph/users/${ADA.idpUserId}`)) {
      graphReads.push(req.url);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: ADA.idpUserId,
          displayName: ADA.name,
          mail: ADA.email,
          accountEnabled: true,
          createdDateTime: new Date().toISOString(),
        }),
      );
      return;
    }
    if (req.url === '/token' || req.url?.startsWith('/graph/')) {
      res.writeHead(req.url === '/token' ? 200 : 201, {
        'content-type': 'application/json',
      });
      res.end(
        JSON.stringify(
          req.url === '/token'
            ? { access_token: 'graph-token' }
            : {
                id: 'sub-1',
                expirationDateTime: new Date(
                  Date.now() + 28 * 86_400_000,
                ).toISOString(),
              },
        ),
      );
      return;
    }
    const ok = req.url === `/api/v1/users/${ADA.idpUserId}`;
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        ok
          ? {
              id: ADA.idpUserId,
              profile: {
                displayName: ADA.name,
                email: ADA.email,
                githubUsername: ADA.githubLogin,
                team: ADA.team,
                managerEmail: ADA.manager,
                buddyEmail: ADA.buddy,
                startDate: ADA.startDate,
              },
            }
          : { errorSummary: 'Not found' },
      ),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    graphReads,
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

let devstack: Devstack;
let okta: Awaited<ReturnType<typeof startOkta>>;
let backend: Awaited<ReturnType<typeof startOnboardingBackend>>;

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
  // Slack knows the hire already, as SCIM provisioning would have made them.
  devstack.slack.addUser({
    name: ADA.githubLogin,
    realName: ADA.name,
    email: ADA.email,
  });
  okta = await startOkta();
  backend = await startOnboardingBackend(devstack, {
    hrWebhook: { secret: HR_SECRET },
    okta: {
      hookSecret: HOOK_SECRET,
      orgUrl: okta.url,
      apiToken: 'okta-api-token-for-the-test',
    },
    graph: {
      tenantId: 'acme',
      clientId: 'runway',
      clientSecret: 'graph-client-secret-for-the-test',
      clientState: GRAPH_CLIENT_STATE,
      notificationUrl: 'http://localhost/api/onboarding/graph/notifications',
      apiBaseUrl: `${okta.url}/graph`,
      tokenUrl: `${okta.url}/token`,
    },
    slack: { companyChannels: ['#general'] },
  });
}, 300_000);

afterAll(async () => {
  await backend?.stop();
  await okta?.stop();
  await devstack?.stop();
});

/**
 * An access pull request merged: platform-config's main set to its branch (forced: each test's
 * merge replaces the one before, which no later test reads).
 */
async function mergeToMain(branch: string) {
  const octokit = new Octokit({
    auth: devstack.githubToken,
    baseUrl: devstack.urls.githubApi,
  });
  const repo = { owner: 'acme', repo: 'platform-config' };
  const { data: head } = await octokit.rest.git.getRef({
    ...repo,
    ref: `heads/${branch}`,
  });
  await octokit.rest.git.updateRef({
    ...repo,
    ref: 'heads/main',
    sha: head.object.sha,
    force: true,
  });
}

/** For set-up steps (outside a test): stops with what went wrong. */
function must(condition: boolean, what: string) {
  if (!condition) throw new Error(what);
}

/** The engineer's sandbox leases, destroyed ones included, as the environments API lists them. */
async function sandboxesOf(owner: string) {
  const res = await request(backend.server)
    .get(
      `/api/environments/environments?type=sandbox&ownerUser=${encodeURIComponent(
        owner,
      )}&includeDestroyed=true`,
    )
    .set('Authorization', mockCredentials.user.header());
  return res.body.items as Array<Record<string, unknown>>;
}

/** The files under `dir` on platform-config's main. */
async function onMain(dir: string) {
  const listed = await devstack.forge
    .git('acme', 'platform-config')
    .git(['ls-tree', '-r', '--name-only', 'main', dir]);
  return listed.toString().trim().split('\n').filter(Boolean);
}

function hire(eventId: string, person: object = ADA) {
  const body = JSON.stringify({ id: eventId, type: 'hire', person });
  const at = Math.floor(Date.now() / 1000);
  return request(backend.server)
    .post('/api/onboarding/hr/events')
    .set('Content-Type', 'application/json')
    .set('X-Runway-Timestamp', String(at))
    .set('X-Runway-Signature', signHrRequest(HR_SECRET, at, body))
    .send(body);
}

function oktaEvent(uuid: string, eventType: string) {
  return request(backend.server)
    .post('/api/onboarding/okta/hook')
    .set('Authorization', HOOK_SECRET)
    .send({
      eventType: 'com.okta.event_hook',
      data: {
        events: [
          {
            uuid,
            eventType,
            target: [{ id: ADA.idpUserId, type: 'User' }],
          },
        ],
      },
    });
}

async function startedRun(idpUserId = ADA.idpUserId, kind = 'onboard') {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await request(backend.server)
      .get('/api/onboarding/runs')
      .set('Authorization', mockCredentials.user.header());
    const run = res.body.runs?.find(
      (r: any) => r.idpUserId === idpUserId && r.kind === kind,
    );
    if (run?.state === 'started' || run?.state === 'incomplete') return run;
    if (Date.now() > deadline)
      throw new Error(`no run started: ${JSON.stringify(res.body)}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('onboarding an engineer from the HR event', () => {
  let task: Awaited<ReturnType<typeof waitForTask>>;

  beforeAll(async () => {
    const hired = await hire('hr-ada-1');
    must(hired.status === 201, `the hire answered ${hired.status}`);
    const run = await startedRun();
    must(run.state === 'started', `the run is ${JSON.stringify(run)}`);
    task = await waitForTask(backend.server, run.taskId);
  });

  it('completes the run', () => {
    expect({
      status: task.status,
      log: task.status === 'completed' ? '' : task.log,
    }).toEqual({
      status: 'completed',
      log: '',
    });
  });

  it('opens one platform-config pull request whose engineers/engineer-<login>.tf parses and calls engineer-access', async () => {
    const pulls = devstack.forge.state.data.pulls.filter(
      p =>
        p.repo === 'acme/platform-config' &&
        p.head === 'runway/engineer-ada-lovelace',
    );
    expect(pulls).toHaveLength(1);
    const tf = (
      await devstack.forge
        .git('acme', 'platform-config')
        .git([
          'show',
          'runway/engineer-ada-lovelace:engineers/engineer-ada-lovelace.tf',
        ])
    ).toString();
    const parsed: any = await parse('engineer-ada-lovelace.tf', tf);
    // Runway's policies, as platform-config's policy check runs them on the pull request.
    const policies = await loadPolicies(defaultPoliciesDir());
    const checked = await policies.check([
      { path: 'engineers/engineer-ada-lovelace.tf', content: tf },
    ]);
    expect(checked.violations).toEqual([]);
    expect(checked.files).toEqual([
      expect.objectContaining({ file: 'engineers/engineer-ada-lovelace.tf' }),
    ]);
    const [block] = parsed.module['engineer-ada-lovelace'];
    expect(block).toMatchObject({
      source: '../modules/engineer-access',
      github_username: 'ada-lovelace',
      github_teams: ['payments'],
      team: 'payments',
      cost_center: 'cc-1234',
      sso_user_name: ADA.email,
    });
  });

  it('puts the hire into the team channel, #general and the standup usergroup', () => {
    const slack = devstack.slack;
    const ada = slack.userByEmail(ADA.email)!;
    for (const channel of ['team-payments', 'general']) {
      expect(slack.isMember(slack.channel(channel)!.id, ada.id)).toBe(true);
    }
    const standup = slack.usergroups().find(g => g.handle === 'payments')!;
    expect(standup.users).toContain(ada.id);
  });

  it('sends one welcome mail with at least three orientation invitations', () => {
    const mails = devstack.smtp
      .messages()
      .filter(m => m.to.includes(ADA.email));
    expect(mails).toHaveLength(1);
    const invitations = mails[0].attachments.filter(a =>
      a.contentType.startsWith('text/calendar'),
    );
    expect(invitations.length).toBeGreaterThanOrEqual(3);
    for (const ics of invitations) {
      expect(ics.content.toString()).toMatch(/METHOD:REQUEST/);
      expect(ics.content.toString()).toMatch(/TZID[=:]Europe\/Berlin/);
    }
    expect(mails[0].html).toContain('Payments');
    // It links to the hire's own page (first-day tasks, milestones), not the team's.
    expect(mails[0].text).toContain(
      `http://localhost:3000/onboarding/hires/${ADA.idpUserId}`,
    );
  });

  it("gives the hire a place at the end of the team's standup rotation", async () => {
    const { body } = await request(backend.server)
      .get('/api/onboarding/rotations/default/payments')
      .set('Authorization', mockCredentials.user.header());
    expect(body.members.map((m: { email: string }) => m.email)).toEqual([
      ADA.email,
    ]);
  });

  it('tells the manager', () => {
    const grace = devstack.slack.userByEmail(ADA.manager)!;
    const dms = devstack.slack
      .messagesIn(devstack.slack.openIm(grace.id).id)
      .filter(m => m.text.includes('Ada Lovelace'));
    expect(dms).toHaveLength(1);
  });

  it('gives the hire one sandbox: an environment lease of type sandbox, theirs, delivered to platform-config', async () => {
    expect(await sandboxesOf('user:default/ada-lovelace')).toEqual([
      expect.objectContaining({
        name: 'sandbox-ada-lovelace',
        type: 'sandbox',
        state: 'active',
        ownerUser: 'user:default/ada-lovelace',
        ownerTeam: 'group:default/payments',
        quota: { cpuCores: 1, memoryGiB: 2 },
      }),
    ]);
    expect(
      (await sandboxesOf('user:default/ada-lovelace'))[0],
    ).not.toHaveProperty('expiresAt');
    expect(await onMain('environments/sandbox-ada-lovelace')).toEqual([
      'environments/sandbox-ada-lovelace/limitrange.yaml',
      'environments/sandbox-ada-lovelace/namespace.yaml',
      'environments/sandbox-ada-lovelace/networkpolicy.yaml',
      'environments/sandbox-ada-lovelace/resourcequota.yaml',
      'environments/sandbox-ada-lovelace/rolebinding.yaml',
    ]);
  });

  it('tells the manager and the buddy in Runway too, once', () => {
    expect(
      backend.notifications.filter(n =>
        n.payload.title.startsWith('Ada Lovelace joins payments'),
      ),
    ).toEqual([
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: ['user:default/grace-liu', 'user:default/priya-raman'],
        },
      }),
    ]);
  });

  it('tells the buddy', () => {
    const priya = devstack.slack.userByEmail(ADA.buddy)!;
    const dms = devstack.slack
      .messagesIn(devstack.slack.openIm(priya.id).id)
      .filter(m => m.text.includes('Ada Lovelace'));
    expect(dms).toHaveLength(1);
    expect(dms[0].text).toMatch(/you are their buddy/);
  });

  it('puts the hire into the catalogue at once, as a User of payments with their manager and buddy', async () => {
    // Read as soon as the run completed: no org sync ran, the step itself waited for the entity.
    const res = await request(backend.server)
      .get('/api/catalog/entities/by-name/user/default/ada-lovelace')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      metadata: {
        annotations: {
          'runway.dev/idp-user-id': ADA.idpUserId,
          'runway.dev/manager': 'user:default/grace-liu',
          'runway.dev/buddy': 'user:default/priya-raman',
        },
      },
      spec: {
        profile: { displayName: ADA.name, email: ADA.email },
        memberOf: ['group:default/payments'],
      },
    });
  });

  it('makes nothing twice when the hire is replayed three times and Okta and Graph report the same person', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await hire('hr-ada-1')).status).toBe(409);
    }
    const again = await hire('hr-ada-2');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'existing' });
    const fromOkta = await oktaEvent('okta-ada-1', 'user.lifecycle.activate');
    expect(fromOkta.body.results).toEqual([
      expect.objectContaining({ outcome: 'existing', runId: again.body.runId }),
    ]);
    const fromGraph = await request(backend.server)
      .post('/api/onboarding/graph/notifications')
      .send({
        value: [
          {
            subscriptionId: 'sub-1',
            clientState: GRAPH_CLIENT_STATE,
            changeType: 'created',
            resource: `Users/${ADA.idpUserId}`,
            resourceData: { id: ADA.idpUserId },
          },
        ],
      });
    expect(fromGraph.status).toBe(202);
    // Graph's notification carries only the id: Runway reads the person, then asks for the run
    // (after answering 202), which exists. The store's and graph.test.ts's tests hold the rest.
    const deadline = Date.now() + 30_000;
    while (okta.graphReads.length === 0 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 50));
    }
    expect(okta.graphReads[0]).toMatch(/^\/graph\/users\/00u-ada-lovelace\?/);
    // A started run is never claimed again (OnboardingStore's tests), so nothing more can start.
    const { body } = await request(backend.server)
      .get('/api/onboarding/runs')
      .set('Authorization', mockCredentials.user.header());
    expect(body.runs).toEqual([
      expect.objectContaining({ state: 'started', taskId: task.id }),
    ]);
    expect(
      devstack.forge.state.data.pulls.filter(
        p => p.head === 'runway/engineer-ada-lovelace',
      ),
    ).toHaveLength(1);
    expect(
      devstack.smtp.messages().filter(m => m.to.includes(ADA.email)),
    ).toHaveLength(1);
    expect(await sandboxesOf('user:default/ada-lovelace')).toHaveLength(1);
  });
});

describe('bad input: the run says which field and what to do, and lists what it did', () => {
  const person = (id: string, patch: object) => ({
    ...ADA,
    idpUserId: id,
    githubLogin: id,
    email: `${id}@acme.example`,
    ...patch,
  });
  const pullsFor = (login: string) =>
    devstack.forge.state.data.pulls.filter(
      p => p.head === `runway/engineer-${login}`,
    );

  it.each([
    [
      'an unknown team',
      'unknown-team',
      { team: 'group:default/nobody' },
      /team group:default\/nobody is not in the catalogue; pick an existing team/,
    ],
    [
      'a login taken by someone else',
      'taken-login',
      { githubLogin: 'graceliu' },
      /githubLogin: graceliu belongs to user:default\/grace-liu in the catalogue; check the GitHub login in the identity provider/,
    ],
    [
      'a manager nobody knows',
      'lost-manager',
      { manager: 'nobody@acme.example' },
      /manager: nobody in the catalogue has the e-mail nobody@acme\.example/,
    ],
  ])(
    '%s stops the run before anything is granted',
    async (_, id, patch, message) => {
      expect((await hire(`hr-${id}`, person(id, patch))).status).toBe(201);
      const run = await startedRun(id);
      const task = await waitForTask(backend.server, run.taskId);
      expect(task.status).toBe('failed');
      expect(task.log).toMatch(message);
      expect(pullsFor(id)).toEqual([]);
      expect(pullsFor('graceliu')).toEqual([]);
      expect(await sandboxesOf(`user:default/${id}`)).toEqual([]);
    },
  );

  it('keeps a person without an e-mail out of the scaffolder, saying what to set', async () => {
    expect(
      (await hire('hr-no-email', person('no-email', { email: '' }))).status,
    ).toBe(201);
    const run = await startedRun('no-email');
    expect(run).toMatchObject({ state: 'incomplete' });
    expect(run.lastError).toMatch(
      /^no-email cannot be onboarded yet: email: missing; set the work e-mail/,
    );
    expect(run.taskId).toBeUndefined();
  });

  it('fails at Slack for a person Slack does not know, listing the pull request already opened, and finishes on Retry without a second', async () => {
    const id = 'not-in-slack';
    expect((await hire(`hr-${id}`, person(id, {}))).status).toBe(201);
    const run = await startedRun(id);
    const failed = await waitForTask(backend.server, run.taskId);
    expect(failed.status).toBe('failed');
    expect(failed.log).toMatch(/not-in-slack@acme\.example/);
    expect(failed.log).toMatch(/Finished step Open the access pull request/);
    expect(pullsFor(id)).toHaveLength(1);
    // The sandbox came before Slack: made once, and not again on Retry.
    expect(await sandboxesOf(`user:default/${id}`)).toHaveLength(1);

    // SCIM provisions the person; the platform team presses Retry.
    devstack.slack.addUser({
      name: id,
      realName: 'Not In Slack',
      email: `${id}@acme.example`,
    });
    const retried = await retryTask(backend.server, run.taskId);
    expect({
      status: retried.status,
      log: retried.status === 'completed' ? '' : retried.log,
    }).toEqual({ status: 'completed', log: '' });
    expect(pullsFor(id)).toHaveLength(1);
    expect(
      devstack.smtp.messages().filter(m => m.to.includes(`${id}@acme.example`)),
    ).toHaveLength(1);
    expect(await sandboxesOf(`user:default/${id}`)).toEqual([
      expect.objectContaining({ state: 'active' }),
    ]);
  });
});

describe('onboarding started by the platform team from the form', () => {
  it('records the run, so the hire has a page like any other, and no worker starts a second task', async () => {
    const id = 'form-hire';
    devstack.slack.addUser({
      name: id,
      realName: 'Form Hire',
      email: `${id}@acme.example`,
    });
    const created = await createTask(
      backend.server,
      'template:default/engineer-onboarding',
      {
        ...ADA,
        idpUserId: id,
        name: 'Form Hire',
        githubLogin: id,
        email: `${id}@acme.example`,
      },
    );
    must(created.status === 201, `the task: ${created.status}`);
    const done = await waitForTask(backend.server, created.body.id);
    expect({
      status: done.status,
      log: done.status === 'completed' ? '' : done.log,
    }).toEqual({ status: 'completed', log: '' });
    const { body } = await request(backend.server)
      .get('/api/onboarding/runs')
      .set('Authorization', mockCredentials.user.header());
    expect(body.runs.filter((r: any) => r.idpUserId === id)).toEqual([
      expect.objectContaining({
        source: 'form',
        state: 'started',
        taskId: created.body.id,
      }),
    ]);
    const page = await request(backend.server)
      .get(`/api/onboarding/hires/${id}`)
      .set('Authorization', mockCredentials.user.header());
    expect(page.status).toBe(200);
  });
});

describe('moving an engineer to another team', () => {
  const id = 'not-in-slack';
  const email = `${id}@acme.example`;
  let moved: Awaited<ReturnType<typeof waitForTask>>;

  beforeAll(async () => {
    // Their onboarding (the bad-input case that finished on Retry) was merged.
    await mergeToMain(`runway/engineer-${id}`);
    const created = await createTask(
      backend.server,
      'template:default/engineer-team-change',
      { user: `user:default/${id}`, team: 'group:default/storefront' },
    );
    must(created.status === 201, `the task: ${created.status}`);
    moved = await waitForTask(backend.server, created.body.id);
  });

  it('completes', () => {
    expect({
      status: moved.status,
      log: moved.status === 'completed' ? '' : moved.log,
    }).toEqual({ status: 'completed', log: '' });
  });

  it('moves the User entity at once', async () => {
    const { body } = await request(backend.server)
      .get(`/api/catalog/entities/by-name/user/default/${id}`)
      .set('Authorization', mockCredentials.user.header());
    expect(body.spec.memberOf).toEqual(['group:default/storefront']);
  });

  it('opens a pull request moving their GitHub team and cost center', async () => {
    const tf = (
      await devstack.forge
        .git('acme', 'platform-config')
        .git([
          'show',
          `runway/engineer-${id}-to-storefront:engineers/engineer-${id}.tf`,
        ])
    ).toString();
    const parsed: any = await parse(`engineer-${id}.tf`, tf);
    expect(parsed.module[`engineer-${id}`][0]).toMatchObject({
      github_teams: ['storefront'],
      team: 'storefront',
      cost_center: 'cc-2100',
    });
  });

  it("swaps the team's Slack channel, usergroup and standup rotation, and keeps the company channel", async () => {
    const slack = devstack.slack;
    const person = slack.userByEmail(email)!;
    const inChannel = (c: string) =>
      slack.isMember(slack.channel(c)!.id, person.id);
    expect({
      payments: inChannel('team-payments'),
      storefront: inChannel('team-storefront'),
      general: inChannel('general'),
    }).toEqual({ payments: false, storefront: true, general: true });
    const usergroup = (h: string) =>
      slack.usergroups().find(g => g.handle === h)!.users;
    expect(usergroup('payments')).not.toContain(person.id);
    expect(usergroup('storefront')).toContain(person.id);
    const rotation = async (team: string) =>
      (
        await request(backend.server)
          .get(`/api/onboarding/rotations/default/${team}`)
          .set('Authorization', mockCredentials.user.header())
      ).body.members.map((m: { email: string }) => m.email);
    expect(await rotation('payments')).not.toContain(email);
    expect(await rotation('storefront')).toContain(email);
  });

  it('refuses a move to the team they are already in, before anything changes', async () => {
    const created = await createTask(
      backend.server,
      'template:default/engineer-team-change',
      { user: `user:default/${id}`, team: 'group:default/storefront' },
    );
    const again = await waitForTask(backend.server, created.body.id);
    expect(again.status).toBe('failed');
    expect(again.log).toMatch(
      /team: user:default\/not-in-slack is already in group:default\/storefront; pick the team they move to/,
    );
  });
});

describe('offboarding the engineer when Okta deactivates them', () => {
  let task: Awaited<ReturnType<typeof waitForTask>>;
  const slack = () => devstack.slack;

  beforeAll(async () => {
    // Ada owns a service alone, registered from its repository.
    const octokit = new Octokit({
      auth: devstack.githubToken,
      baseUrl: devstack.urls.githubApi,
    });
    await octokit.rest.repos.createInOrg({
      org: 'acme',
      name: 'ada-notes',
      auto_init: true,
    });
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'ada-notes',
      path: 'catalog-info.yaml',
      branch: 'main',
      message: 'Describe ada-notes',
      content: Buffer.from(ADA_NOTES).toString('base64'),
    });
    const registered = await request(backend.server)
      .post('/api/catalog/locations')
      .set('Authorization', mockCredentials.user.header())
      .send({
        type: 'url',
        target: `https://${devstack.urls.githubHost}/acme/ada-notes/blob/main/catalog-info.yaml`,
      });
    must(registered.status === 201, `registering: ${registered.status}`);
    await waitForEntity(backend.server, 'component/default/ada-notes');
    // The onboarding pull request was merged.
    await mergeToMain('runway/engineer-ada-lovelace');
    must(
      (await onMain('environments/sandbox-ada-lovelace')).length > 0,
      'the sandbox folder is on main before offboarding',
    );
    const deactivated = await oktaEvent(
      'okta-ada-deactivate',
      'user.lifecycle.deactivate',
    );
    must(deactivated.status === 200, `Okta's event: ${deactivated.status}`);
    const run = await startedRun(ADA.idpUserId, 'offboard');
    must(run.state === 'started', `the run is ${JSON.stringify(run)}`);
    task = await waitForTask(backend.server, run.taskId);
  });

  it('completes, and reverses every step onboarding made', async () => {
    expect({
      status: task.status,
      log: task.status === 'completed' ? '' : task.log,
    }).toEqual({ status: 'completed', log: '' });
    const pulls = devstack.forge.state.data.pulls.filter(
      p => p.head === 'runway/offboard-ada-lovelace',
    );
    expect(pulls).toHaveLength(1);
    const files = await devstack.forge
      .git('acme', 'platform-config')
      .git(['diff', '--name-status', 'main', 'runway/offboard-ada-lovelace']);
    expect(files.toString().trim()).toBe(
      'D\tengineers/engineer-ada-lovelace.tf',
    );
    const ada = slack().userByEmail(ADA.email)!;
    expect(slack().isMember(slack().channel('team-payments')!.id, ada.id)).toBe(
      false,
    );
    expect(
      slack()
        .usergroups()
        .find(g => g.handle === 'payments')!.users,
    ).not.toContain(ada.id);
  });

  it('retires the User entity onboarding put into the catalogue', async () => {
    const res = await request(backend.server)
      .get('/api/catalog/entities/by-name/user/default/ada-lovelace')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
  });

  it('tears the sandbox down: its lease destroyed, its folder gone from platform-config', async () => {
    expect(await sandboxesOf('user:default/ada-lovelace')).toEqual([
      expect.objectContaining({
        name: 'sandbox-ada-lovelace',
        state: expect.stringMatching(/^(destroyed|tearing-down)$/),
      }),
    ]);
    expect(await onMain('environments/sandbox-ada-lovelace')).toEqual([]);
  });

  it('takes the engineer out of the standup rotation', async () => {
    const { body } = await request(backend.server)
      .get('/api/onboarding/rotations/default/payments')
      .set('Authorization', mockCredentials.user.header());
    expect(body.members.map((m: { email: string }) => m.email)).not.toContain(
      ADA.email,
    );
  });

  it('reports each revocation as read back', () => {
    const report: string = task.output.text?.[0]?.content ?? '';
    expect(report.split('\n')).toEqual([
      'Offboarding of ada-lovelace:',
      expect.stringMatching(
        /^- GitHub organisation and teams, SSO groups: pending merge \(engineers\/engineer-ada-lovelace\.tf removed on runway\/offboard-ada-lovelace \(http.*\/pull\/\d+\); revoked when Atlantis applies it\)$/,
      ),
      '- Slack #team-payments: revoked (read back from Slack: not a member)',
      '- Slack @payments: revoked (read back from Slack: not a member)',
      '- standup rotation of group:default/payments: revoked (read back by its step)',
      '- catalogue User entity user:default/ada-lovelace: revoked (read back by its step)',
      expect.stringMatching(
        /^- Sandbox sandbox-ada-lovelace: revoked \(lease read back: destroyed at \d{4}-\d\d-\d\dT/,
      ),
      expect.stringMatching(
        /^- component:default\/ada-notes: to reassign \(owned by them alone; http.*\/acme\/ada-notes\/pull\/\d+ hands it to their team\)$/,
      ),
    ]);
  });

  it('opens a pull request handing what they owned alone to their team, keeping the rest of the file', async () => {
    const pulls = devstack.forge.state.data.pulls.filter(
      p => p.repo === 'acme/ada-notes',
    );
    expect(pulls.map(p => p.head)).toEqual(['runway/reassign-ada-lovelace']);
    const file = (
      await devstack.forge
        .git('acme', 'ada-notes')
        .git(['show', 'runway/reassign-ada-lovelace:catalog-info.yaml'])
    ).toString();
    expect(file).toBe(
      ADA_NOTES.replace(
        'owner: user:ada-lovelace',
        'owner: group:default/payments',
      ),
    );
  });

  it('makes nothing twice when the deactivation is delivered again', async () => {
    const again = await oktaEvent(
      'okta-ada-delete',
      'user.lifecycle.delete.initiated',
    );
    expect(again.body.results).toEqual([
      expect.objectContaining({ outcome: 'existing', kind: 'offboard' }),
    ]);
    expect(
      devstack.forge.state.data.pulls.filter(
        p => p.head === 'runway/offboard-ada-lovelace',
      ),
    ).toHaveLength(1);
  });
});
