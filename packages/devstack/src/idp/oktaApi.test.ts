/**
 * The Okta stand-in's Users API as Runway's OktaDirectory reads it: `SSWS` tokens, Okta's error
 * shape, a user by id (or login), and searches paged with `Link: <…>; rel="next"`.
 */
import { Devstack, startDevstack } from '../devstack';
import { HookReceiver, startHookReceiver } from './__testUtils__/hookReceiver';
import { SEEDED_AT } from './OktaState';

jest.setTimeout(60_000);

const SECRET = 'okta-hook-secret-for-the-api-test';
let devstack: Devstack;
let receiver: HookReceiver;
/** Just before the hires: the reconciliation poll's `since`. */
let since: string;
const hired: Record<string, string> = {};

const get = (path: string, token: string | null = devstack.oktaApiToken) =>
  fetch(path.startsWith('http') ? path : `${devstack.urls.oktaOrgUrl}${path}`, {
    headers: {
      Accept: 'application/json',
      ...(token === null ? {} : { Authorization: `SSWS ${token}` }),
    },
  });

/** Every user a search finds, following rel="next" as OktaDirectory does; and the pages' sizes. */
async function searchAll(search: string | undefined, limit: number) {
  const pages: number[] = [];
  const ids: string[] = [];
  let url: string | undefined = `${
    devstack.urls.oktaOrgUrl
  }/api/v1/users?${new URLSearchParams({
    ...(search === undefined ? {} : { search }),
    limit: String(limit),
  })}`;
  while (url) {
    const res = await get(url);
    expect(res.status).toBe(200);
    const page = (await res.json()) as Array<{ id: string }>;
    pages.push(page.length);
    ids.push(...page.map(u => u.id));
    url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  return { ids, pages };
}

function hire(name: string, email: string) {
  return devstack.okta.hire({
    name,
    email,
    githubLogin: email.split('@')[0].replace(/\./g, '-'),
    team: 'payments',
    managerEmail: 'grace.liu@acme.example',
    startDate: '2027-01-04',
  });
}

beforeAll(async () => {
  receiver = await startHookReceiver({ secret: SECRET });
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    okta: { hookUrl: receiver.url, hookSecret: SECRET },
  });
  since = new Date(Date.now() - 1).toISOString();
  for (const [name, email] of [
    ['Ada Lovelace', 'ada.lovelace@acme.example'],
    ['Alan Turing', 'alan.turing@acme.example'],
    ['Grace Hopper', 'grace.hopper@acme.example'],
  ]) {
    const change = await hire(name, email);
    if (change.problem) throw new Error(change.problem);
    hired[email] = change.user.id;
  }
  const left = await devstack.okta.letGo(hired['grace.hopper@acme.example']);
  if (left.problem) throw new Error(left.problem);
});

afterAll(async () => {
  await devstack?.stop();
  await receiver?.close();
});

describe("the Okta stand-in's Users API", () => {
  it('answers only an SSWS token, in Okta’s error shape', async () => {
    const id = hired['ada.lovelace@acme.example'];
    for (const res of [
      await get(`/api/v1/users/${id}`, null),
      await get(`/api/v1/users/${id}`, 'not-the-token'),
      await fetch(`${devstack.urls.oktaOrgUrl}/api/v1/users`, {
        headers: { Authorization: `Bearer ${devstack.oktaApiToken}` },
      }),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
        errorCauses: [],
      });
    }
    expect(devstack.oktaApiToken).toBe('devstack-okta-token');
    expect(devstack.urls.oktaOrgUrl).toBe(`${devstack.urls.base}/okta`);
  });

  it('reads a hire with the profile attributes Runway reads, by id or by login', async () => {
    const id = hired['ada.lovelace@acme.example'];
    expect(id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    const res = await get(`/api/v1/users/${id}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      id,
      status: 'ACTIVE',
      profile: {
        login: 'ada.lovelace@acme.example',
        email: 'ada.lovelace@acme.example',
        firstName: 'Ada',
        lastName: 'Lovelace',
        displayName: 'Ada Lovelace',
        githubUsername: 'ada-lovelace',
        team: 'payments',
        managerEmail: 'grace.liu@acme.example',
        startDate: '2027-01-04',
      },
      _links: {
        self: { href: `${devstack.urls.oktaOrgUrl}/api/v1/users/${id}` },
      },
    });
    // Unset attributes are absent, as in Okta, not null.
    expect(body.profile).not.toHaveProperty('buddyEmail');
    expect(body.profile).not.toHaveProperty('timezone');
    expect(Date.parse(body.created)).toBeGreaterThan(Date.parse(since));

    const byLogin = await get('/api/v1/users/ada.lovelace%40acme.example');
    expect((await byLogin.json()).id).toBe(id);
  });

  it('holds the demo org’s people as staff created before any reconciliation window', async () => {
    const staff = devstack.okta.users().filter(u => u.seeded);
    expect(staff.length).toBeGreaterThan(0);
    const grace = devstack.okta.user('grace.liu@acme.example')!;
    expect(grace).toMatchObject({
      status: 'ACTIVE',
      created: SEEDED_AT,
      seeded: true,
      slackUserId: devstack.slack.userByEmail('grace.liu@acme.example')!.id,
    });
    expect(grace.profile.githubUsername).toBeTruthy();
    // Their team, never the organisation everyone is in (the head of engineering has none).
    expect(grace.profile.team).toBeUndefined();
    expect(devstack.okta.user('priya.raman@acme.example')!.profile.team).toBe(
      'platform',
    );
  });

  it('answers 404 E0000007 for an unknown user, and for what it does not serve', async () => {
    const res = await get('/api/v1/users/00uDoesNotExist000000');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      errorCode: 'E0000007',
      errorSummary:
        'Not found: Resource not found: 00uDoesNotExist000000 (User)',
    });
    const groups = await get('/api/v1/groups');
    expect(groups.status).toBe(404);
    expect((await groups.json()).errorCode).toBe('E0000007');
    const post = await fetch(`${devstack.urls.oktaOrgUrl}/api/v1/users`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${devstack.oktaApiToken}` },
    });
    expect(post.status).toBe(405);
    expect((await post.json()).errorCode).toBe('E0000022');
  });

  it('finds the hires since, as the reconciliation poll searches, page by page', async () => {
    const { ids, pages } = await searchAll(
      `created gt "${since}" and status ne "DEPROVISIONED"`,
      1,
    );
    expect(pages).toEqual([1, 1]);
    expect(ids.sort()).toEqual(
      [
        hired['ada.lovelace@acme.example'],
        hired['alan.turing@acme.example'],
      ].sort(),
    );
  });

  it('finds the people deprovisioned since', async () => {
    const { ids } = await searchAll(
      `status eq "DEPROVISIONED" and statusChanged gt "${since}"`,
      200,
    );
    expect(ids).toEqual([hired['grace.hopper@acme.example']]);
  });

  it('links the next page only while there is one, keeping the search and the limit', async () => {
    const search = `created gt "${since}"`;
    const res = await get(
      `/api/v1/users?${new URLSearchParams({ search, limit: '2' })}`,
    );
    const page = (await res.json()) as Array<{ id: string }>;
    expect(page).toHaveLength(2);
    const next = new URL(
      /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')![1],
    );
    expect(`${next.origin}${next.pathname}`).toBe(
      `${devstack.urls.oktaOrgUrl}/api/v1/users`,
    );
    expect(next.searchParams.get('search')).toBe(search);
    expect(next.searchParams.get('limit')).toBe('2');
    expect(next.searchParams.get('after')).toBe(page[1].id);
    const last = await get(next.toString());
    expect(await last.json()).toHaveLength(1);
    expect(last.headers.get('link')).toContain('rel="self"');
    expect(last.headers.get('link')).not.toContain('rel="next"');
  });

  it('lists everyone not deprovisioned without a search, across pages', async () => {
    const { ids, pages } = await searchAll(undefined, 5);
    const expected = devstack.okta
      .users()
      .filter(u => u.status !== 'DEPROVISIONED')
      .map(u => u.id);
    expect(ids.sort()).toEqual(expected.sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages.length).toBe(Math.ceil(expected.length / 5));
  });

  it('refuses a search it cannot evaluate with 400 E0000031, saying why', async () => {
    const queries: Array<Record<string, string>> = [
      { search: 'profile.team eq "payments"' },
      { filter: 'status eq "ACTIVE"' },
      { search: 'status eq "ACTIVE"', limit: 'many' },
    ];
    for (const query of queries) {
      const res = await get(`/api/v1/users?${new URLSearchParams(query)}`);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body).toMatchObject({
        errorCode: 'E0000031',
        errorSummary: 'Invalid search criteria.',
      });
      expect(body.errorCauses[0].errorSummary).toBeTruthy();
    }
  });
});
