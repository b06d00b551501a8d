/**
 * The Entra ID and Microsoft Graph stand-in over HTTP, called the way Runway's GraphClient calls
 * it: the client-credentials token, users with `$select`, the reconciliation listings with
 * `$filter`, `$count` and paging, subscriptions with the validation handshake, and the change and
 * lifecycle notifications an admin's changes send — every answer and notification checked against
 * Microsoft's description of Graph v1.0 (./__testUtils__/graphSchema).
 */
import { Devstack, startDevstack } from '../../devstack';
import {
  graphCollectionViolations,
  graphErrorViolations,
  graphViolations,
} from './__testUtils__/graphSchema';
import {
  NotificationReceiver,
  startNotificationReceiver,
} from './__testUtils__/notificationReceiver';

jest.setTimeout(60_000);

const ADA = {
  name: 'Ada Lovelace',
  email: 'ada.lovelace@acme.example',
  githubLogin: 'ada-lovelace',
  team: 'payments',
  managerEmail: 'grace.liu@acme.example',
  buddyEmail: 'priya.raman@acme.example',
  startDate: '2027-01-04',
};
/** What GraphClient.person selects with Runway's default profile attributes. */
const PERSON_SELECT =
  'id,displayName,mail,userPrincipalName,accountEnabled,onPremisesExtensionAttributes,department,employeeHireDate';
const IN_A_WEEK = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

let devstack: Devstack;
let receiver: NotificationReceiver;

beforeAll(async () => {
  receiver = await startNotificationReceiver();
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(async () => {
  await devstack?.stop();
  await receiver?.close();
});
afterEach(() => {
  receiver.mode = 'echo';
  receiver.notificationStatus = 202;
});

async function token(
  fields: Record<string, string> = {},
  tenant = devstack.entraApp.tenantId,
) {
  const res = await fetch(
    `${devstack.urls.base}/entra/${tenant}/oauth2/v2.0/token`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: devstack.entraApp.clientId,
        client_secret: devstack.entraApp.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
        ...fields,
      }),
    },
  );
  return { status: res.status, body: (await res.json()) as any };
}

async function graph(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const { body: issued } = await token();
  const res = await fetch(`${devstack.urls.graphApi}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${issued.access_token}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

const subscribe = (extra: Record<string, unknown> = {}) =>
  graph('POST', '/subscriptions', {
    changeType: 'created,updated,deleted',
    notificationUrl: receiver.url,
    lifecycleNotificationUrl: receiver.url,
    resource: 'users',
    expirationDateTime: IN_A_WEEK(),
    clientState: 'runway-client-state-0123456789',
    ...extra,
  });

async function adminPost(path: string, body?: unknown) {
  const res = await fetch(`${devstack.urls.base}/_devstack/entra${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('the schema check itself', () => {
  it('refuses a property Graph does not declare, and a wrongly typed one', () => {
    expect(graphViolations('User', { id: 'x', displayName: 'X' })).toEqual([]);
    expect(graphViolations('User', { id: 'x', githubLogin: 'x' })).toEqual([
      '(body) must NOT have additional properties (githubLogin)',
    ]);
    expect(graphViolations('User', { accountEnabled: 'yes' })).not.toEqual([]);
    expect(
      graphViolations('ChangeNotification', { changeType: 'renamed' }),
    ).not.toEqual([]);
  });
});

describe("Entra ID's token endpoint", () => {
  it('issues a bearer token for the app’s client credentials', async () => {
    const { status, body } = await token();
    expect(status).toBe(200);
    expect(body).toEqual({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: expect.any(String),
    });
  });

  it('refuses a wrong secret, tenant or scope in the identity platform’s shape', async () => {
    const secret = await token({ client_secret: 'guessed' });
    expect(secret.status).toBe(401);
    expect(secret.body).toMatchObject({
      error: 'invalid_client',
      error_codes: [7000215],
      error_description: expect.stringMatching(/^AADSTS7000215: /),
    });
    expect((await token({}, 'someone-else')).body.error).toBe(
      'invalid_request',
    );
    expect((await token({ scope: 'User.Read.All' })).body.error).toBe(
      'invalid_scope',
    );
  });

  it('is what Graph insists on', async () => {
    const res = await fetch(`${devstack.urls.graphApi}/users`);
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(graphErrorViolations(body)).toEqual([]);
    const forged = await fetch(`${devstack.urls.graphApi}/users`, {
      headers: { Authorization: 'Bearer devstack-graph.forged' },
    });
    expect(forged.status).toBe(401);
  });
});

describe('Graph users', () => {
  it('answers a user with what was selected, in Graph’s shape', async () => {
    const grace = devstack.entra.user('grace.liu@acme.example')!;
    const res = await graph(
      'GET',
      `/users/${grace.id}?$select=${PERSON_SELECT}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(graphViolations('User', res.body)).toEqual([]);
    expect(res.body).toMatchObject({
      '@odata.context': expect.stringMatching(
        /\/graph\/v1\.0\/\$metadata#users\(id,displayName,.*\)\/\$entity$/,
      ),
      id: grace.id,
      displayName: grace.displayName,
      mail: 'grace.liu@acme.example',
      accountEnabled: true,
      department: grace.department,
      employeeHireDate: null,
      onPremisesExtensionAttributes: {
        extensionAttribute1: grace.extensionAttribute1,
        extensionAttribute15: null,
      },
    });
    expect(Object.keys(res.body)).not.toContain('givenName');
    // By user principal name, and without $select: Graph's default properties.
    const byUpn = await graph('GET', '/users/grace.liu@acme.example');
    expect(graphViolations('User', byUpn.body)).toEqual([]);
    expect(Object.keys(byUpn.body).sort()).toEqual(
      [
        '@odata.context',
        'businessPhones',
        'displayName',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
      ].sort(),
    );
  });

  it('says 404 for nobody, and 400 for a property it does not hold', async () => {
    const missing = await graph('GET', '/users/nobody');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    expect(graphErrorViolations(missing.body)).toEqual([]);
    const grace = devstack.entra.user('grace.liu@acme.example')!;
    const unknown = await graph('GET', `/users/${grace.id}?$select=shoeSize`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("'shoeSize'");
  });

  it('lists everyone in pages, with @odata.nextLink', async () => {
    const seen: string[] = [];
    let path: string | undefined = '/users?$select=id,accountEnabled&$top=2';
    for (let pages = 0; path; pages++) {
      expect(pages).toBeLessThan(50);
      const page = await graph('GET', path);
      expect(page.status).toBe(200);
      expect(graphCollectionViolations('User', page.body)).toEqual([]);
      expect(page.body.value.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.value.map((u: any) => u.id));
      const next: string | undefined = page.body['@odata.nextLink'];
      path = next?.slice(devstack.urls.graphApi.length);
    }
    expect(seen.sort()).toEqual(
      devstack.entra
        .users()
        .filter(u => !u.deletedDateTime)
        .map(u => u.id)
        .sort(),
    );
  });

  it('refuses $count without the advanced-query header, and filters it cannot run', async () => {
    const count = await graph('GET', '/users?$count=true');
    expect(count.status).toBe(400);
    expect(count.body.error.message).toContain('ConsistencyLevel: eventual');
    const unsupported = await graph(
      'GET',
      `/users?$filter=${encodeURIComponent("startswith(displayName,'A')")}`,
    );
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error.code).toBe('Request_UnsupportedQuery');
    expect(graphErrorViolations(unsupported.body)).toEqual([]);
  });
});

describe('Graph subscriptions', () => {
  it('validate the notification URL first: the token POSTed, echoed as text/plain', async () => {
    const before = receiver.validations().length;
    const res = await subscribe({ lifecycleNotificationUrl: undefined });
    expect(res.status).toBe(201);
    expect(graphViolations('Subscription', res.body)).toEqual([]);
    expect(res.body).toMatchObject({
      resource: 'users',
      changeType: 'created,updated,deleted',
      clientState: 'runway-client-state-0123456789',
      applicationId: devstack.entraApp.clientId,
      notificationUrl: receiver.url,
    });
    const [validation] = receiver.validations().slice(before);
    expect(validation.validationToken).toMatch(
      /^Validation: Testing client application reachability/,
    );
    expect(validation.contentType).toMatch(/^text\/plain/);
    await graph('DELETE', `/subscriptions/${res.body.id}`);
  });

  it.each([
    ['json', /must be text\/plain/],
    ['wrong-value', /must be exactly the validationToken/],
    ['error', /answered 500/],
  ] as const)(
    'are refused when the URL answers the validation wrongly (%s)',
    async (mode, message) => {
      receiver.mode = mode;
      const res = await subscribe();
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ValidationError');
      expect(res.body.error.message).toMatch(message);
      expect(graphErrorViolations(res.body)).toEqual([]);
      expect((await graph('GET', '/subscriptions')).body.value).toEqual([]);
    },
  );

  it('are refused past 41,760 minutes, over plain http elsewhere, or on another resource', async () => {
    const far = new Date(Date.now() + 30 * 86_400_000).toISOString();
    expect(
      (await subscribe({ expirationDateTime: far })).body.error.message,
    ).toContain('41760 minutes');
    expect(
      (await subscribe({ notificationUrl: 'http://runway.acme.example/x' }))
        .body.error.message,
    ).toContain('must use https');
    expect(
      (await subscribe({ resource: 'groups' })).body.error.message,
    ).toContain('users and users/{id} only');
  });

  it('are renewed, reauthorized and deleted', async () => {
    const { body: created } = await subscribe();
    const later = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const renewed = await graph('PATCH', `/subscriptions/${created.id}`, {
      expirationDateTime: later,
    });
    expect(renewed.status).toBe(200);
    expect(graphViolations('Subscription', renewed.body)).toEqual([]);
    expect(renewed.body.expirationDateTime).toBe(later);
    expect(
      (await graph('POST', `/subscriptions/${created.id}/reauthorize`)).status,
    ).toBe(204);
    expect((await graph('DELETE', `/subscriptions/${created.id}`)).status).toBe(
      204,
    );
    const gone = await graph('PATCH', `/subscriptions/${created.id}`, {
      expirationDateTime: later,
    });
    expect(gone.status).toBe(404);
  });
});

describe('hiring and letting go in Entra ID', () => {
  let subscriptionId: string;
  let createdOnly: string;
  let adaId: string;

  beforeAll(async () => {
    subscriptionId = (await subscribe()).body.id;
    createdOnly = (await subscribe({ changeType: 'created' })).body.id;
  });

  const notificationsFrom = (first: number) =>
    receiver.notifications().slice(first);

  it('hires: the user in Graph, the Slack account, and an `updated` notification (Graph’s way)', async () => {
    const first = receiver.notifications().length;
    const { status, body } = await adminPost('/users', ADA);
    expect(status).toBe(201);
    adaId = body.user.id;
    expect(body.user).toMatchObject({
      state: 'enabled',
      department: 'payments',
      employeeHireDate: '2027-01-04T00:00:00Z',
      onPremisesExtensionAttributes: {
        extensionAttribute1: 'ada-lovelace',
        extensionAttribute2: 'priya.raman@acme.example',
      },
    });
    expect(devstack.slack.userByEmail(ADA.email)).toBeDefined();
    const sent = notificationsFrom(first);
    // One notification, on the subscription that asked for updates; none for `created` only.
    expect(sent).toHaveLength(1);
    expect(graphViolations('ChangeNotificationCollection', sent[0])).toEqual(
      [],
    );
    expect(sent[0].value).toEqual([
      {
        subscriptionId,
        subscriptionExpirationDateTime: expect.any(String),
        changeType: 'updated',
        resource: `Users/${adaId}`,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.User',
          '@odata.id': `Users/${adaId}`,
          id: adaId,
          organizationId: devstack.entraApp.tenantId,
          sequenceNumber: expect.any(Number),
        },
        clientState: 'runway-client-state-0123456789',
        tenantId: devstack.entraApp.tenantId,
      },
    ]);
    expect(sent[0].value[0].subscriptionId).not.toBe(createdOnly);

    const person = await graph(
      'GET',
      `/users/${adaId}?$select=${PERSON_SELECT}`,
    );
    expect(graphViolations('User', person.body)).toEqual([]);
    const manager = await graph('GET', `/users/${adaId}/manager?$select=mail`);
    expect(manager.body).toMatchObject({
      '@odata.type': '#microsoft.graph.user',
      mail: 'grace.liu@acme.example',
    });
    expect(graphViolations('User', manager.body)).toEqual([]);

    // The reconciliation poll's listing finds the hire and not the staff.
    const since = new Date(Date.now() - 60_000).toISOString();
    const hired = await graph(
      'GET',
      `/users?$filter=createdDateTime ge ${since}&$select=id,accountEnabled&$count=true&$top=999`,
      undefined,
      { ConsistencyLevel: 'eventual' },
    );
    expect(hired.status).toBe(200);
    expect(graphCollectionViolations('User', hired.body)).toEqual([]);
    expect(hired.body).toMatchObject({
      '@odata.count': 1,
      value: [{ id: adaId, accountEnabled: true }],
    });
  });

  it('refuses a second hire of the same person, and a manager Entra does not have', async () => {
    expect((await adminPost('/users', ADA)).status).toBe(409);
    const nobody = await adminPost('/users', {
      ...ADA,
      email: 'someone.else@acme.example',
      managerEmail: 'nobody@acme.example',
    });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error).toContain('managerEmail nobody@acme.example');
    expect(devstack.entra.user('someone.else@acme.example')).toBeUndefined();
  });

  it('blocks sign-in: accountEnabled false, notified as `updated`', async () => {
    const first = receiver.notifications().length;
    const { status } = await adminPost(`/users/${adaId}/disable`);
    expect(status).toBe(200);
    expect(notificationsFrom(first).map(n => n.value[0].changeType)).toEqual([
      'updated',
    ]);
    const disabled = await graph(
      'GET',
      '/users?$filter=accountEnabled eq false&$select=id&$count=true&$top=999',
      undefined,
      { ConsistencyLevel: 'eventual' },
    );
    expect(disabled.body.value).toEqual([{ id: adaId }]);
    expect((await adminPost(`/users/${adaId}/disable`)).status).toBe(409);
  });

  it('deletes softly (an `updated`), then permanently (a `deleted`)', async () => {
    let first = receiver.notifications().length;
    expect((await adminPost(`/users/${adaId}/delete`)).status).toBe(200);
    expect(notificationsFrom(first).map(n => n.value[0].changeType)).toEqual([
      'updated',
    ]);
    expect((await graph('GET', `/users/${adaId}`)).status).toBe(404);
    const since = new Date(Date.now() - 60_000).toISOString();
    const deleted = await graph(
      'GET',
      `/directory/deletedItems/microsoft.graph.user?$filter=deletedDateTime ge ${since}&$select=id,deletedDateTime&$count=true&$top=999`,
      undefined,
      { ConsistencyLevel: 'eventual' },
    );
    expect(graphCollectionViolations('User', deleted.body)).toEqual([]);
    expect(deleted.body.value).toEqual([
      { id: adaId, deletedDateTime: expect.any(String) },
    ]);

    first = receiver.notifications().length;
    expect((await adminPost(`/users/${adaId}/purge`)).status).toBe(200);
    expect(notificationsFrom(first).map(n => n.value[0].changeType)).toEqual([
      'deleted',
    ]);
    const after = await graph(
      'GET',
      '/directory/deletedItems/microsoft.graph.user?$select=id',
    );
    expect(after.body.value).toEqual([]);
  });

  it('sends reauthorizationRequired on demand to the lifecycle URL', async () => {
    const first = receiver.notifications().length;
    const { status } = await adminPost(
      `/subscriptions/${subscriptionId}/lifecycle`,
      { lifecycleEvent: 'reauthorizationRequired' },
    );
    expect(status).toBe(200);
    const [lifecycle] = notificationsFrom(first);
    expect(graphViolations('ChangeNotificationCollection', lifecycle)).toEqual(
      [],
    );
    expect(lifecycle.value).toEqual([
      {
        subscriptionId,
        subscriptionExpirationDateTime: expect.any(String),
        tenantId: devstack.entraApp.tenantId,
        clientState: 'runway-client-state-0123456789',
        lifecycleEvent: 'reauthorizationRequired',
      },
    ]);
    expect(
      devstack.entra.subscriptions.get(subscriptionId).reauthorizationRequired,
    ).toBe(true);
    await graph('POST', `/subscriptions/${subscriptionId}/reauthorize`);
    expect(
      devstack.entra.subscriptions.get(subscriptionId).reauthorizationRequired,
    ).toBe(false);
    expect(
      (
        await adminPost(`/subscriptions/${subscriptionId}/lifecycle`, {
          lifecycleEvent: 'bored',
        })
      ).status,
    ).toBe(400);
  });

  it('says 502 with the reason when Runway refuses, and changes the user all the same', async () => {
    receiver.notificationStatus = 401;
    const { status, body } = await adminPost('/users', {
      ...ADA,
      name: 'Barbara Liskov',
      email: 'barbara@acme.example',
      githubLogin: 'barbara',
    });
    expect(status).toBe(502);
    expect(body.error).toMatch(/^Runway was not told: updated: answered 401/);
    expect(devstack.entra.user('barbara@acme.example')?.accountEnabled).toBe(
      true,
    );
  });
});

describe('with nobody subscribed', () => {
  it('hires and says Runway was not told, and why', async () => {
    const other = await startDevstack({ port: 0, smtpPort: 0 });
    try {
      const res = await fetch(`${other.urls.base}/_devstack/entra/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(ADA),
      });
      expect(res.status).toBe(502);
      expect((await res.json()).error).toContain(
        'nobody has subscribed to updated users',
      );
    } finally {
      await other.stop();
    }
  });
});
