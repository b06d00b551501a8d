/**
 * Entra ID in the web view (`/idp/entra`): people and Graph deliveries, Runway's subscriptions,
 * the hire form and the admin center's buttons, posted as a browser posts a form (no script),
 * every value escaped.
 */
import { Devstack, startDevstack } from '../../devstack';
import { EVIL, HIRE, consoleBrowser } from '../__testUtils__/consoleBrowser';
import {
  NotificationReceiver,
  startNotificationReceiver,
} from './__testUtils__/notificationReceiver';

jest.setTimeout(60_000);

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

const { page, submit } = consoleBrowser(() => devstack.urls.base);

/** Runway's subscription, as its keeper makes one (validated by the stand-in first). */
async function subscribe() {
  const issued = await fetch(devstack.urls.entraTokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: devstack.entraApp.clientId,
      client_secret: devstack.entraApp.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  }).then(r => r.json());
  const res = await fetch(`${devstack.urls.graphApi}/subscriptions`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${issued.access_token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      changeType: 'created,updated,deleted',
      notificationUrl: receiver.url,
      lifecycleNotificationUrl: receiver.url,
      resource: 'users',
      expirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
      clientState: 'runway-client-state-0123456789',
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
}

it('shows the directory with each person’s buttons, the hire form, and that nobody subscribed', async () => {
  const { status, text } = await page('/idp/entra');
  expect(status).toBe(200);
  expect(text).toMatch(/<a\s+href="\/idp\/entra"\s+class="active"\s*>Entra ID/);
  expect(text).toContain(
    '<form class="fields" method="post" action="/idp/entra/hire">',
  );
  expect(text).not.toContain('name="timeZone"');
  const grace = devstack.entra.user('grace.liu@acme.example')!;
  expect(text).toContain(`action="/idp/entra/users/${grace.id}/disable"`);
  expect(text).toContain(`action="/idp/entra/users/${grace.id}/delete"`);
  expect(text).toContain(devstack.entraApp.tenantId);
  expect(text).toContain('Runway has not subscribed yet');
  // The Okta page offers the other provider.
  expect((await page('/idp')).text).toContain('href="/idp/entra"');
});

it('says on the page when nobody was told, with a 502', async () => {
  const posted = await submit('/idp/entra/hire', {
    ...HIRE,
    name: 'Katherine Johnson',
    email: 'katherine@acme.example',
    githubLogin: 'kjohnson',
  });
  expect(posted.status).toBe(502);
  expect(posted.text).toContain(
    'in Entra ID, but Runway was not told: nobody has subscribed',
  );
});

describe('with Runway subscribed', () => {
  let subscriptionId: string;
  beforeAll(async () => {
    subscriptionId = await subscribe();
  });

  it('shows the subscription with its lifecycle button', async () => {
    const { text } = await page('/idp/entra');
    expect(text).toContain(`id="subscription-${subscriptionId}"`);
    expect(text).toContain(receiver.url);
    expect(text).toContain(
      `action="/idp/entra/subscriptions/${subscriptionId}/lifecycle"`,
    );
  });

  it('hires from the form, and shows the person escaped with the notifications', async () => {
    const posted = await submit('/idp/entra/hire', HIRE);
    expect(posted.status).toBe(303);
    const user = devstack.entra.user(HIRE.email)!;
    expect(user).toMatchObject({
      displayName: EVIL,
      department: 'storefront',
      extensionAttribute2: null,
    });
    expect(posted.location).toBe(`/idp/entra?done=${user.id}#${user.id}`);
    const sent = receiver.notifications().at(-1);
    expect(sent.value[0]).toMatchObject({
      changeType: 'updated',
      resource: `Users/${user.id}`,
    });
    const { text } = await page(posted.location!);
    expect(text).not.toContain('<script>');
    expect(text).toContain(
      '&lt;script&gt;alert(&quot;hired&quot;)&lt;/script&gt; is enabled; Runway answered updated 202.',
    );
    expect(text).toContain(`action="/idp/entra/users/${user.id}/disable"`);
  });

  it('keeps what was typed, escaped, when the form is refused', async () => {
    const refused = await submit('/idp/entra/hire', {
      ...HIRE,
      email: 'second@acme.example',
      managerEmail: 'nobody@acme.example',
      team: '"><b>bold</b>',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('managerEmail nobody@acme.example');
    expect(refused.text).toContain('value="&quot;&gt;&lt;b&gt;bold&lt;/b&gt;"');
    expect(refused.text).not.toContain('<b>bold</b>');
    expect(devstack.entra.user('second@acme.example')).toBeUndefined();
  });

  it('blocks sign-in, deletes and deletes permanently with the buttons', async () => {
    const user = devstack.entra.user(HIRE.email)!;
    const blocked = await submit(`/idp/entra/users/${user.id}/disable`);
    expect(blocked.status).toBe(303);
    expect(devstack.entra.user(user.id)!.accountEnabled).toBe(false);
    let text = (await page(blocked.location!)).text;
    expect(text).toContain(
      'is disabled; Runway answered updated 202, updated 202.',
    );
    expect(text).not.toContain(`action="/idp/entra/users/${user.id}/disable"`);

    const deleted = await submit(`/idp/entra/users/${user.id}/delete`);
    expect(deleted.status).toBe(303);
    expect(devstack.entra.user(user.id)).toBeUndefined();
    text = (await page(deleted.location!)).text;
    expect(text).toContain('is deleted;');
    expect(text).toContain(`action="/idp/entra/users/${user.id}/purge"`);
    // A second press (an old tab) says so.
    const again = await submit(`/idp/entra/users/${user.id}/delete`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('is deleted already');

    const purged = await submit(`/idp/entra/users/${user.id}/purge`);
    expect(purged.status).toBe(303);
    expect(devstack.entra.users().some(u => u.id === user.id)).toBe(false);
    text = (await page(purged.location!)).text;
    expect(text).toContain(
      'is deleted permanently; Runway answered updated 202, updated 202, updated 202, deleted 202.',
    );
  });

  it('sends a lifecycle notification from the form', async () => {
    const posted = await submit(
      `/idp/entra/subscriptions/${subscriptionId}/lifecycle`,
      { lifecycleEvent: 'reauthorizationRequired' },
    );
    expect(posted.status).toBe(303);
    expect(receiver.notifications().at(-1).value[0]).toMatchObject({
      subscriptionId,
      lifecycleEvent: 'reauthorizationRequired',
    });
    const { text } = await page(posted.location!);
    expect(text).toContain(
      `Sent reauthorizationRequired for the subscription ${subscriptionId}; Runway answered 202.`,
    );
    expect(text).toContain('reauthorization required');
  });

  it('refuses a form another site posts', async () => {
    const grace = devstack.entra.user('grace.liu@acme.example')!;
    const before = receiver.requests.length;
    const posted = await submit(
      `/idp/entra/users/${grace.id}/delete`,
      {},
      { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    );
    expect(posted.status).toBe(403);
    expect(posted.text).toContain('posted from another site');
    expect(devstack.entra.user(grace.id)?.accountEnabled).toBe(true);
    expect(receiver.requests.length).toBe(before);
  });
});
