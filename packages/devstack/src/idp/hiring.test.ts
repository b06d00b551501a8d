/**
 * Hiring and letting go over HTTP (`/_devstack/idp`), as the bench and tests drive it: the Okta
 * user, the Slack user SCIM would provision, and Okta's event hook — verification first, then one
 * delivery per lifecycle event — received by a local stand-in for Runway's hook.
 */
import { Devstack, startDevstack } from '../devstack';
import { HookReceiver, startHookReceiver } from './__testUtils__/hookReceiver';

jest.setTimeout(60_000);

const SECRET = 'okta-hook-secret-for-the-hiring-test';

const ADA = {
  name: 'Ada Lovelace',
  email: 'ada.lovelace@acme.example',
  githubLogin: 'ada-lovelace',
  team: 'group:default/payments',
  managerEmail: 'grace.liu@acme.example',
  buddyEmail: 'priya.raman@acme.example',
  startDate: '2027-01-04',
  timeZone: 'Europe/Lisbon',
};

async function post(devstack: Devstack, path: string, body?: unknown) {
  const res = await fetch(`${devstack.urls.base}${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('hiring and letting go through the Okta stand-in', () => {
  let devstack: Devstack;
  let receiver: HookReceiver;

  beforeAll(async () => {
    receiver = await startHookReceiver({
      header: 'X-Runway-Okta-Secret',
      secret: SECRET,
    });
    devstack = await startDevstack({
      port: 0,
      smtpPort: 0,
      okta: {
        hookUrl: receiver.url,
        hookSecret: SECRET,
        hookHeader: 'X-Runway-Okta-Secret',
      },
    });
  });
  afterAll(async () => {
    await devstack?.stop();
    await receiver?.close();
  });

  it('hires: verifies the hook once, then delivers create and activate with the secret', async () => {
    const { status, body } = await post(devstack, '/_devstack/idp/users', ADA);
    expect(status).toBe(201);
    const id = body.user.id as string;
    expect(body.user).toMatchObject({
      status: 'ACTIVE',
      profile: {
        email: ADA.email,
        displayName: ADA.name,
        githubUsername: ADA.githubLogin,
        team: ADA.team,
        managerEmail: ADA.managerEmail,
        buddyEmail: ADA.buddyEmail,
        startDate: ADA.startDate,
        timezone: ADA.timeZone,
      },
    });
    expect(body).not.toHaveProperty('error');

    // What Runway's hook received, in order: the challenge, then one delivery per event.
    expect(receiver.requests.map(r => r.method)).toEqual([
      'GET',
      'POST',
      'POST',
    ]);
    const [verification, ...deliveries] = receiver.requests;
    expect(verification.headers['x-okta-verification-challenge']).toMatch(
      /.{16,}/,
    );
    expect(verification.headers['x-runway-okta-secret']).toBe(SECRET);
    expect(
      deliveries.map(d => d.body.data.events.map((e: any) => e.eventType)),
    ).toEqual([['user.lifecycle.create'], ['user.lifecycle.activate']]);
    for (const d of deliveries) {
      expect(d.headers['x-runway-okta-secret']).toBe(SECRET);
      expect(d.headers['content-type']).toBe('application/json');
      expect(d.body).toMatchObject({
        eventType: 'com.okta.event_hook',
        eventId: expect.any(String),
        data: {
          events: [
            {
              uuid: expect.any(String),
              published: expect.any(String),
              target: [
                {
                  id,
                  type: 'User',
                  alternateId: ADA.email,
                  displayName: ADA.name,
                },
              ],
            },
          ],
        },
      });
    }
    const uuids = deliveries.map(d => d.body.data.events[0].uuid);
    expect(new Set(uuids).size).toBe(2);

    // Each recorded with Runway's status, for the web view.
    expect(body.deliveries.map((d: any) => [d.kind, d.status, d.ok])).toEqual([
      ['verification', 200, true],
      ['user.lifecycle.create', 200, true],
      ['user.lifecycle.activate', 200, true],
    ]);
    expect(
      devstack.okta
        .deliveries()
        .map(d => d.eventUuid)
        .filter(Boolean),
    ).toEqual(uuids);
  });

  it('provisions the hire into Slack, as SCIM would', async () => {
    const slackUser = devstack.slack.userByEmail(ADA.email)!;
    expect(slackUser).toMatchObject({
      name: 'ada-lovelace',
      realName: ADA.name,
    });
    expect(devstack.okta.user(ADA.email)!.slackUserId).toBe(slackUser.id);
    const general = devstack.slack.channels().find(c => c.isGeneral)!;
    expect(general.members).toContain(slackUser.id);
  });

  it('does not verify a hook twice, and numbers a Slack handle that is taken', async () => {
    const before = receiver.requests.length;
    const { status, body } = await post(devstack, '/_devstack/idp/users', {
      ...ADA,
      name: 'Ada Byron',
      email: 'ada.byron@acme.example',
    });
    expect(status).toBe(201);
    expect(receiver.requests.slice(before).map(r => r.method)).toEqual([
      'POST',
      'POST',
    ]);
    expect(body.deliveries.map((d: any) => d.kind)).toEqual([
      'user.lifecycle.create',
      'user.lifecycle.activate',
    ]);
    expect(devstack.slack.userByEmail('ada.byron@acme.example')!.name).toBe(
      'ada-lovelace-2',
    );
  });

  it('lets go: DEPROVISIONED, and user.lifecycle.deactivate delivered', async () => {
    const id = devstack.okta.user(ADA.email)!.id;
    const before = receiver.requests.length;
    const { status, body } = await post(
      devstack,
      `/_devstack/idp/users/${id}/deactivate`,
    );
    expect(status).toBe(200);
    expect(body.user).toMatchObject({ id, status: 'DEPROVISIONED' });
    const sent = receiver.requests.slice(before);
    expect(sent.map(r => r.method)).toEqual(['POST']);
    expect(sent[0].body.data.events[0]).toMatchObject({
      eventType: 'user.lifecycle.deactivate',
      target: [{ id, type: 'User' }],
    });
    expect(Date.parse(body.user.statusChanged)).toBeGreaterThanOrEqual(
      Date.parse(body.user.created),
    );

    // Once: a second time is refused, and nothing is sent.
    const again = await post(devstack, `/_devstack/idp/users/${id}/deactivate`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/deactivated already/);
    expect(receiver.requests.length).toBe(before + 1);
  });

  it('lets go of one of the demo org’s staff', async () => {
    const grace = devstack.okta.user('grace.liu@acme.example')!;
    const { status, body } = await post(
      devstack,
      `/_devstack/idp/users/${grace.id}/deactivate`,
    );
    expect(status).toBe(200);
    expect(body.deliveries.map((d: any) => [d.kind, d.status])).toEqual([
      ['user.lifecycle.deactivate', 200],
    ]);
  });

  it('refuses what Okta would, before anything happens', async () => {
    const before = receiver.requests.length;
    const users = devstack.okta.users().length;
    const missing = await post(devstack, '/_devstack/idp/users', {
      ...ADA,
      email: 'someone.else@acme.example',
      githubLogin: undefined,
    });
    expect(missing).toEqual({
      status: 400,
      body: { error: 'githubLogin is missing' },
    });
    const notEmail = await post(devstack, '/_devstack/idp/users', {
      ...ADA,
      email: 'not-an-address',
    });
    expect(notEmail.status).toBe(400);
    expect(notEmail.body.error).toMatch(
      /^email "not-an-address" is not an e-mail/,
    );
    const taken = await post(devstack, '/_devstack/idp/users', ADA);
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatch(
      /ada.lovelace@acme.example exists already/,
    );
    const unknown = await post(
      devstack,
      '/_devstack/idp/users/00uNobody000000000000/deactivate',
    );
    expect(unknown.status).toBe(404);
    const notJson = await fetch(`${devstack.urls.base}/_devstack/idp/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/not JSON/);
    expect(receiver.requests.length).toBe(before);
    expect(devstack.okta.users().length).toBe(users);
  });

  it('refuses a POST a browser sent from another site', async () => {
    const id = devstack.okta.user('ada.byron@acme.example')!.id;
    const res = await fetch(
      `${devstack.urls.base}/_devstack/idp/users/${id}/deactivate`,
      { method: 'POST', headers: { Origin: 'http://evil.example' } },
    );
    expect(res.status).toBe(403);
    expect(devstack.okta.user(id)!.status).toBe('ACTIVE');
  });

  it('says 502 when Runway refuses a delivery, and records its status', async () => {
    receiver.deliveryStatus = 500;
    try {
      const { status, body } = await post(devstack, '/_devstack/idp/users', {
        ...ADA,
        name: 'Edsger Dijkstra',
        email: 'edsger@acme.example',
        githubLogin: 'edsger',
      });
      expect(status).toBe(502);
      expect(body.error).toMatch(
        /^Runway was not told: user.lifecycle.create: answered 500.*; user.lifecycle.activate: answered 500/,
      );
      expect(body.user.status).toBe('ACTIVE');
      expect(body.deliveries.map((d: any) => [d.status, d.ok])).toEqual([
        [500, false],
        [500, false],
      ]);
    } finally {
      receiver.deliveryStatus = 200;
    }
  });

  it('lists the users and every delivery', async () => {
    const users = await (
      await fetch(`${devstack.urls.base}/_devstack/idp/users`)
    ).json();
    expect(users.map((u: any) => u.profile.email)).toContain(ADA.email);
    const deliveries = await (
      await fetch(`${devstack.urls.base}/_devstack/idp/deliveries`)
    ).json();
    expect(deliveries).toEqual(devstack.okta.deliveries());
  });
});

describe('a hook that fails its verification', () => {
  let devstack: Devstack;
  let receiver: HookReceiver;

  beforeAll(async () => {
    receiver = await startHookReceiver({ secret: SECRET, mode: 'wrong-value' });
    devstack = await startDevstack({
      port: 0,
      smtpPort: 0,
      okta: { hookUrl: receiver.url, hookSecret: SECRET },
    });
  });
  afterAll(async () => {
    await devstack?.stop();
    await receiver?.close();
  });

  it('gets no delivery, and the hire answers 502 with the reason', async () => {
    const { status, body } = await post(devstack, '/_devstack/idp/users', ADA);
    expect(status).toBe(502);
    expect(body.error).toBe(
      `Runway was not told: nothing was sent to ${receiver.url}: the verification GET was not answered {"verification": <the X-Okta-Verification-Challenge sent>}`,
    );
    expect(receiver.deliveries()).toEqual([]);
    expect(body.deliveries).toEqual([
      expect.objectContaining({ kind: 'verification', status: 200, ok: false }),
    ]);
    // The user exists all the same, as in Okta: the reconciliation poll is what finds them.
    expect(devstack.okta.user(ADA.email)!.status).toBe('ACTIVE');
  });

  it('says why when the hook refuses the secret, and when nothing answers', async () => {
    receiver.mode = 'unauthorized';
    const refused = await post(devstack, '/_devstack/idp/users', {
      ...ADA,
      email: 'refused@acme.example',
      githubLogin: 'refused',
    });
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatch(
      /the verification GET was answered 401 \(.*the hook secret is missing or wrong/,
    );

    const gone = await startHookReceiver({ secret: SECRET });
    await gone.close();
    const elsewhere = await startDevstack({
      port: 0,
      smtpPort: 0,
      okta: { hookUrl: gone.url, hookSecret: SECRET },
    });
    try {
      const unreachable = await post(elsewhere, '/_devstack/idp/users', ADA);
      expect(unreachable.status).toBe(502);
      expect(unreachable.body.error).toMatch(
        /the verification GET got no answer: ECONNREFUSED/,
      );
      expect(unreachable.body.deliveries[0]).not.toHaveProperty('status');
    } finally {
      await elsewhere.stop();
    }
    expect(receiver.deliveries()).toEqual([]);
  });

  it('verifies again at the next change once the hook answers, then delivers', async () => {
    receiver.mode = 'echo';
    const id = devstack.okta.user(ADA.email)!.id;
    const { status, body } = await post(
      devstack,
      `/_devstack/idp/users/${id}/deactivate`,
    );
    expect(status).toBe(200);
    expect(body.deliveries.map((d: any) => [d.kind, d.ok])).toEqual([
      ['verification', true],
      ['user.lifecycle.deactivate', true],
    ]);
    expect(receiver.deliveries()).toHaveLength(1);
  });
});
