/**
 * The onboarding backend on a started test backend: Okta's handshake and event hook, the signed
 * HR webhook, replays and duplicates, incomplete people, and who may read runs. The scaffolder is
 * a recorder here (the golden path itself runs on the real scaffolder in packages/backend), and
 * Okta's Users API a local server.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { eventually, recordingScaffolder } from './__testUtils__/testBackend';
import onboardingPlugin, { signHrRequest } from './index';

const HOOK_SECRET = 'okta-hook-secret-0123456789';
const HR_SECRET = 'hr-webhook-secret-0123456789';

/** Okta's Users API, serving `users` by id. */
async function startOkta(users: Record<string, object>) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    const id = decodeURIComponent(req.url!.split('/').pop()!);
    const user = users[id];
    res.writeHead(user ? 200 : 404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        user ?? { errorCode: 'E0000007', errorSummary: 'Not found' },
      ),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    users,
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

const oktaUser = (id: string, profile: object) => ({
  id,
  status: 'STAGED',
  profile: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@acme.example',
    login: 'ada@acme.example',
    githubUsername: 'ada-l',
    team: 'payments',
    managerEmail: 'grace@acme.example',
    startDate: '2027-01-04',
    ...profile,
  },
});

async function startBackend(okta: { url: string }) {
  const scaffolder = recordingScaffolder();
  const audit: Array<{ meta: any; outcome?: string; error?: string }> = [];
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async ({ meta }) => {
      const entry: (typeof audit)[number] = { meta };
      audit.push(entry);
      return {
        success: async (o?: { meta?: object }) => {
          entry.outcome = 'success';
          entry.meta = { ...entry.meta, ...o?.meta };
        },
        fail: async (o: { error: Error }) => {
          entry.outcome = 'fail';
          entry.error = o.error.message;
        },
      };
    }),
  });
  const permissions = mockServices.permissions.mock({
    // As Backstage's permissions service and Runway's policy answer: services (without access
    // restrictions) are allowed; of the people, only the platform team here.
    authorize: async (requests, options) =>
      requests.map(() => {
        const principal = options?.credentials.principal as {
          type?: string;
          userEntityRef?: string;
        };
        return {
          result:
            principal?.type === 'service' ||
            principal?.userEntityRef === 'user:default/platform-pat'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
  });
  const backend = await startTestBackend({
    features: [
      onboardingPlugin,
      scaffolder.plugin,
      auditor.factory,
      permissions.factory,
      mockServices.rootConfig.factory({
        data: {
          runway: {
            onboarding: {
              okta: {
                hookSecret: HOOK_SECRET,
                orgUrl: okta.url,
                apiToken: 'okta-api-token-secret',
              },
              hrWebhook: { secret: HR_SECRET },
            },
          },
        },
      }),
    ],
  });
  return {
    backend,
    tasks: scaffolder.tasks,
    loseNextAnswer: scaffolder.loseNextAnswer,
    audit,
  };
}

const oktaDelivery = (
  events: Array<{ uuid: string; eventType: string; userId: string }>,
) => ({
  eventType: 'com.okta.event_hook',
  eventTypeVersion: '1.0',
  cloudEventsVersion: '0.1',
  source: 'https://acme.okta.com/api/v1/eventHooks/who8rkn',
  eventId: 'delivery',
  data: {
    events: events.map(e => ({
      uuid: e.uuid,
      published: '2026-12-02T10:00:00.000Z',
      eventType: e.eventType,
      displayMessage: 'Create Okta user',
      target: [{ id: e.userId, type: 'User', alternateId: 'ada@acme.example' }],
    })),
  },
});

describe('the onboarding backend', () => {
  let okta: Awaited<ReturnType<typeof startOkta>>;
  let started: Awaited<ReturnType<typeof startBackend>>;
  const server = () => started.backend.server;

  beforeEach(async () => {
    okta = await startOkta({
      '00u-ada': oktaUser('00u-ada', {}),
      '00u-noemail': oktaUser('00u-noemail', { email: '' }),
      '00u-gone': { ...oktaUser('00u-gone', {}), status: 'DEPROVISIONED' },
      '00u-grace': {
        ...oktaUser('00u-grace', {
          email: 'grace@acme.example',
          githubUsername: 'grace-l',
        }),
        status: 'ACTIVE',
      },
    });
    started = await startBackend(okta);
  });
  afterEach(async () => {
    await started.backend.stop();
    await okta.stop();
  });

  /** POSTs an HR event signed as the HR system signs it (or with another secret or time). */
  const sendHr = (
    body: string,
    options: {
      secret?: string;
      at?: number;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const at = options.at ?? Math.floor(Date.now() / 1000);
    return request(server())
      .post('/api/onboarding/hr/events')
      .set('Content-Type', 'application/json')
      .set(options.headers ?? {})
      .set('X-Runway-Timestamp', String(at))
      .set(
        'X-Runway-Signature',
        signHrRequest(options.secret ?? HR_SECRET, at, body),
      )
      .send(body);
  };

  const runs = async () =>
    (
      await request(server())
        .get('/api/onboarding/runs')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/platform-pat'),
        )
    ).body.runs as any[];

  it('answers Okta’s one-time verification, and only with the hook secret', async () => {
    const ok = await request(server())
      .get('/api/onboarding/okta/hook')
      .set('Authorization', HOOK_SECRET)
      .set('X-Okta-Verification-Challenge', 'challenge-123');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ verification: 'challenge-123' });

    const forged = await request(server())
      .get('/api/onboarding/okta/hook')
      .set('Authorization', 'guess')
      .set('X-Okta-Verification-Challenge', 'challenge-123');
    expect(forged.status).toBe(401);
    expect(forged.body).not.toHaveProperty('verification');
    expect(started.audit.at(-1)).toMatchObject({
      outcome: 'fail',
      meta: { source: 'okta', ip: expect.any(String) },
    });
  });

  it('makes one run from a create event replayed three times and an activate event, read from Okta', async () => {
    const create = {
      uuid: 'e-1',
      eventType: 'user.lifecycle.create',
      userId: '00u-ada',
    };
    for (let i = 0; i < 3; i++) {
      const res = await request(server())
        .post('/api/onboarding/okta/hook')
        .set('Authorization', HOOK_SECRET)
        .send(oktaDelivery([create]));
      expect(res.status).toBe(200);
    }
    await request(server())
      .post('/api/onboarding/okta/hook')
      .set('Authorization', HOOK_SECRET)
      .send(
        oktaDelivery([
          {
            uuid: 'e-2',
            eventType: 'user.lifecycle.activate',
            userId: '00u-ada',
          },
          // Not a lifecycle event Runway acts on.
          { uuid: 'e-3', eventType: 'user.session.start', userId: '00u-ada' },
        ]),
      );
    const [run] = await eventually(runs, r => r[0]?.state === 'started');
    expect(await runs()).toHaveLength(1);
    expect(run).toMatchObject({
      idpUserId: '00u-ada',
      kind: 'onboard',
      source: 'okta',
      taskId: 'task-1',
    });
    expect(started.tasks).toEqual([
      {
        templateRef: 'template:default/engineer-onboarding',
        values: {
          idpUserId: '00u-ada',
          name: 'Ada Lovelace',
          email: 'ada@acme.example',
          githubLogin: 'ada-l',
          team: 'payments',
          manager: 'grace@acme.example',
          startDate: '2027-01-04',
          runId: run.id,
        },
        auth: expect.stringMatching(/^Bearer /),
      },
    ]);
    // Okta was asked with the API token; the token is nowhere in what the API or audit shows.
    expect(okta.requests).toContain(
      'GET /api/v1/users/00u-ada SSWS okta-api-token-secret',
    );
    expect(JSON.stringify([await runs(), started.audit])).not.toMatch(
      /okta-api-token-secret|okta-hook-secret/,
    );
    const outcomes = started.audit
      .flatMap(a => a.meta.results ?? [])
      .map((r: any) => r.outcome);
    expect(outcomes).toEqual(['created', 'replayed', 'replayed', 'existing']);
  });

  it('refuses a forged Okta delivery and records nothing', async () => {
    const res = await request(server())
      .post('/api/onboarding/okta/hook')
      .set('Authorization', `${HOOK_SECRET}x`)
      .send(
        oktaDelivery([
          {
            uuid: 'e-9',
            eventType: 'user.lifecycle.create',
            userId: '00u-ada',
          },
        ]),
      );
    expect(res.status).toBe(401);
    expect(await runs()).toEqual([]);
    expect(started.audit).toEqual([
      expect.objectContaining({
        outcome: 'fail',
        meta: expect.objectContaining({ source: 'okta' }),
      }),
      // the read of the runs is not audited by this plugin
    ]);
  });

  describe('the signed HR webhook', () => {
    const hire = (id: string, person: object = {}) =>
      JSON.stringify({
        id,
        type: 'hire',
        person: {
          idpUserId: '00u-ada',
          name: 'Ada Lovelace',
          email: 'ada@acme.example',
          githubLogin: 'ada-l',
          team: 'payments',
          manager: 'grace@acme.example',
          buddy: 'linus@acme.example',
          startDate: '2027-01-04',
          timeZone: 'Europe/Berlin',
          ...person,
        },
      });
    const send = sendHr;

    it('starts a run from a signed hire, refuses its replay, and joins a later Okta event to it', async () => {
      expect((await send(hire('hr-1'))).status).toBe(201);
      expect((await send(hire('hr-1'))).status).toBe(409);
      await request(server())
        .post('/api/onboarding/okta/hook')
        .set('Authorization', HOOK_SECRET)
        .send(
          oktaDelivery([
            {
              uuid: 'e-1',
              eventType: 'user.lifecycle.activate',
              userId: '00u-ada',
            },
          ]),
        );
      await eventually(runs, r => r[0]?.state === 'started');
      expect(await runs()).toHaveLength(1);
      expect(started.tasks).toHaveLength(1);
      expect(started.tasks[0].values).toMatchObject({
        buddy: 'linus@acme.example',
        timeZone: 'Europe/Berlin',
      });
    });

    it.each([
      [
        'a wrong secret',
        { secret: 'another-secret-0123456789' },
        /does not match/,
      ],
      [
        'a stale timestamp',
        { at: Math.floor(Date.now() / 1000) - 6 * 60 },
        /more than five minutes/,
      ],
      [
        'a future timestamp',
        { at: Math.floor(Date.now() / 1000) + 6 * 60 },
        /more than five minutes/,
      ],
    ])(
      'refuses %s, audits it and records nothing',
      async (_, options, reason) => {
        const res = await send(hire('hr-2'), options);
        expect(res.status).toBe(401);
        expect(res.body.error.message).toMatch(reason);
        expect(await runs()).toEqual([]);
        expect(started.tasks).toEqual([]);
        expect(started.audit).toEqual([
          expect.objectContaining({
            outcome: 'fail',
            error: expect.stringMatching(reason),
          }),
        ]);
      },
    );

    it('takes a signed request that also carries a stray Authorization header, and audits it', async () => {
      const res = await sendHr(hire('hr-stray'), {
        headers: { Authorization: 'Bearer not-a-backstage-token' },
      });
      expect(res.status).toBe(201);
      expect(started.audit).toEqual([
        expect.objectContaining({ outcome: 'success' }),
      ]);
    });

    it('refuses an unsigned request', async () => {
      const res = await request(server())
        .post('/api/onboarding/hr/events')
        .set('Content-Type', 'application/json')
        .send(hire('hr-3'));
      expect(res.status).toBe(401);
      expect(await runs()).toEqual([]);
    });

    it('names the field of a malformed event, and starts nothing', async () => {
      const res = await send(JSON.stringify({ id: 'hr-4', type: 'promote' }));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^type: must be "hire" or "leave"/,
      );
      expect(await runs()).toEqual([]);
    });
  });

  it('keeps a person without an e-mail incomplete, saying what to set, and starts them once fixed', async () => {
    await request(server())
      .post('/api/onboarding/okta/hook')
      .set('Authorization', HOOK_SECRET)
      .send(
        oktaDelivery([
          {
            uuid: 'e-1',
            eventType: 'user.lifecycle.create',
            userId: '00u-noemail',
          },
        ]),
      );
    const [run] = await eventually(runs, r => r[0]?.state === 'incomplete');
    expect(run.lastError).toMatch(
      /^00u-noemail cannot be onboarded yet: email: missing; set the work e-mail/,
    );
    expect(started.tasks).toEqual([]);

    okta.users['00u-noemail'] = oktaUser('00u-noemail', {
      email: 'noemail@acme.example',
    });
    await request(server())
      .post('/api/onboarding/okta/hook')
      .set('Authorization', HOOK_SECRET)
      .send(
        oktaDelivery([
          {
            uuid: 'e-2',
            eventType: 'user.lifecycle.activate',
            userId: '00u-noemail',
          },
        ]),
      );
    await eventually(runs, r => r[0]?.state === 'started');
    expect(started.tasks).toHaveLength(1);
  });

  describe('what the identity provider says about the account', () => {
    const oktaEvent = (uuid: string, eventType: string, userId: string) =>
      request(server())
        .post('/api/onboarding/okta/hook')
        .set('Authorization', HOOK_SECRET)
        .send(oktaDelivery([{ uuid, eventType, userId }]));

    it('does not onboard an account Okta has deprovisioned', async () => {
      await oktaEvent('e-1', 'user.lifecycle.create', '00u-gone');
      const [run] = await eventually(runs, r => r[0]?.state === 'incomplete');
      expect(run.lastError).toMatch(/^00u-gone is deactivated in okta/);
      expect(started.tasks).toEqual([]);
    });

    it('does not offboard someone whose account Okta still has active (a forged or mistaken event)', async () => {
      await oktaEvent('e-1', 'user.lifecycle.deactivate', '00u-grace');
      const [run] = await eventually(runs, r => r[0]?.state === 'incomplete');
      expect(run.lastError).toMatch(
        /^00u-grace is still active in okta; deactivate the account there first/,
      );
      expect(started.tasks).toEqual([]);
    });
  });

  it('offboards only what onboarding recorded: a leave naming another login is refused', async () => {
    const send = sendHr;
    const person = {
      idpUserId: '00u-hr',
      name: 'Ada Lovelace',
      email: 'ada@acme.example',
      githubLogin: 'ada-l',
      team: 'payments',
      manager: 'grace@acme.example',
      startDate: '2027-01-04',
    };
    await send(JSON.stringify({ id: 'h-1', type: 'hire', person }));
    await eventually(runs, r => r[0]?.state === 'started');
    await send(
      JSON.stringify({
        id: 'h-2',
        type: 'leave',
        person: {
          ...person,
          githubLogin: 'platform',
          email: 'daniel@acme.example',
        },
      }),
    );
    const leave = await eventually(
      async () => (await runs()).find(r => r.kind === 'offboard'),
      r => r?.state === 'incomplete',
    );
    expect(leave.lastError).toMatch(
      /^00u-hr: the hr event names email daniel@acme\.example, but onboarding recorded ada@acme\.example/,
    );
    expect(started.tasks.map(t => t.templateRef)).toEqual([
      'template:default/engineer-onboarding',
    ]);
  });

  it('gives up at once on a person the scaffolder refuses, saying why', async () => {
    const body = JSON.stringify({
      id: 'h-long',
      type: 'hire',
      person: {
        idpUserId: '00u-long',
        name: 'A'.repeat(250),
        email: 'long@acme.example',
        githubLogin: 'long',
        team: 'payments',
        manager: 'grace@acme.example',
        startDate: '2027-01-04',
        // Not a Person field: never reaches the template.
        salary: '100000',
      },
    });
    await sendHr(body);
    const [run] = await eventually(runs, r => r[0]?.state === 'incomplete');
    expect(run.lastError).toMatch(
      /^00u-long could not be started: the scaffolder refused .*name: too long/,
    );
    expect(run.attempts).toBe(1);
  });

  it('makes one task when the scaffolder made it but its answer was lost', async () => {
    started.loseNextAnswer();
    const send = (id: string) => {
      const body = JSON.stringify({
        id,
        type: 'hire',
        person: {
          idpUserId: '00u-lost',
          name: 'Ada Lovelace',
          email: 'ada@acme.example',
          githubLogin: 'ada-l',
          team: 'payments',
          manager: 'grace@acme.example',
          startDate: '2027-01-04',
        },
      });
      return sendHr(body);
    };
    await send('h-lost-1');
    // The first attempt made the task but got no answer: the run waits for another pass.
    await eventually(runs, r => r[0]?.lastError !== undefined);
    expect(started.tasks).toHaveLength(1);
    // The next pass (here started by another event for the person) finds that task.
    await send('h-lost-2');
    const [run] = await eventually(runs, r => r[0]?.state === 'started');
    expect(run).toMatchObject({ taskId: 'task-1', attempts: 2 });
    expect(started.tasks).toHaveLength(1);
  });

  describe('the standup rotations', () => {
    const rotation = () =>
      request(server())
        .get('/api/onboarding/rotations/default/payments')
        .set('Authorization', mockCredentials.user.header('user:default/jane'));
    const join = (who: string, email: string) =>
      request(server())
        .post('/api/onboarding/rotations/default/payments/members')
        .set('Authorization', who)
        .send({ email, name: email.split('@')[0] });

    it('keeps the order people joined in, once each, for anyone to read', async () => {
      const service = mockCredentials.service.header();
      expect((await join(service, 'a@acme.example')).status).toBe(201);
      expect((await join(service, 'b@acme.example')).status).toBe(201);
      expect((await join(service, 'A@acme.example')).status).toBe(200);
      const { body } = await rotation();
      expect(body.members.map((m: any) => [m.email, m.position])).toEqual([
        ['a@acme.example', 0],
        ['b@acme.example', 1],
      ]);
      const left = await request(server())
        .delete(
          '/api/onboarding/rotations/default/payments/members/a%40acme.example',
        )
        .set('Authorization', service);
      expect(left.body.removed).toBe(true);
      expect((await rotation()).body.members.map((m: any) => m.email)).toEqual([
        'b@acme.example',
      ]);
    });

    it('lets only the platform team change it by hand', async () => {
      const jane = await join(
        mockCredentials.user.header('user:default/jane'),
        'x@acme.example',
      );
      expect(jane.status).toBe(403);
      expect(jane.body.error.message).toMatch(/Only the platform team/);
      const pat = await join(
        mockCredentials.user.header('user:default/platform-pat'),
        'x@acme.example',
      );
      expect(pat.status).toBe(201);
    });
  });

  it('shows runs to the platform team only', async () => {
    const res = await request(server())
      .get('/api/onboarding/runs')
      .set('Authorization', mockCredentials.user.header('user:default/jane'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/only the platform team/);
  });
});
