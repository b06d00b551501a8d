/**
 * The identity provider in the web view (`/idp`): people and deliveries, the hire form and the
 * "Let go" buttons, posted as a browser posts a form (no script), every value escaped.
 */
import { Devstack, startDevstack } from '../devstack';
import { CONTENT_SECURITY_POLICY } from '../web/layout';
import { EVIL, HIRE, consoleBrowser } from './__testUtils__/consoleBrowser';
import { HookReceiver, startHookReceiver } from './__testUtils__/hookReceiver';

jest.setTimeout(60_000);

const SECRET = 'okta-hook-secret-for-the-page-test';

let devstack: Devstack;
let receiver: HookReceiver;

beforeAll(async () => {
  receiver = await startHookReceiver({ secret: SECRET });
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

const { page, submit } = consoleBrowser(() => devstack.urls.base);

const OKTA_HIRE = { ...HIRE, timeZone: '' };

describe('the identity provider in the web view', () => {
  it('lists the demo org’s people with a Let go button each, and the hire form', async () => {
    const { status, res, text } = await page('/idp');
    expect(status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(
      CONTENT_SECURITY_POLICY,
    );
    expect(text).toContain(
      '<a href="/idp" class="active">Identity provider</a>',
    );
    expect(text).toMatch(/<a href="\/idp" class="active"\s*>Okta<\/a/);
    expect(text).toContain(
      '<form class="fields" method="post" action="/idp/hire">',
    );
    const grace = devstack.okta.user('grace.liu@acme.example')!;
    expect(text).toContain(`action="/idp/users/${grace.id}/deactivate"`);
    expect(text).toContain(devstack.urls.oktaOrgUrl);
    expect(text).toContain(receiver.url);
    expect(text).toContain('not verified yet');
    for (const field of [
      'name',
      'email',
      'githubLogin',
      'team',
      'managerEmail',
      'buddyEmail',
      'startDate',
      'timeZone',
    ]) {
      expect(text).toContain(`name="${field}"`);
    }
    // The navigation reaches it from every page.
    expect((await page('/')).text).toContain(
      '<a href="/idp">Identity provider</a>',
    );
  });

  it('hires from the form, and shows the person escaped with the deliveries', async () => {
    const posted = await submit('/idp/hire', OKTA_HIRE);
    expect(posted.status).toBe(303);
    const user = devstack.okta.user(OKTA_HIRE.email)!;
    expect(user).toMatchObject({
      status: 'ACTIVE',
      profile: { displayName: EVIL },
    });
    expect(user.profile.buddyEmail).toBeUndefined();
    expect(posted.location).toBe(`/idp?done=${user.id}#${user.id}`);
    expect(receiver.deliveries()).toHaveLength(2);
    expect(devstack.slack.userByEmail(OKTA_HIRE.email)?.realName).toBe(EVIL);

    const { text } = await page(posted.location!);
    expect(text).not.toContain('<script>');
    expect(text).toContain(
      '&lt;script&gt;alert(&quot;hired&quot;)&lt;/script&gt;',
    );
    expect(text).toContain(
      `&lt;script&gt;alert(&quot;hired&quot;)&lt;/script&gt; is ACTIVE; Runway answered create 200, activate 200.`,
    );
    expect(text).toContain('(verified)');
    expect(text).toContain('user.lifecycle.activate');
    // The Slack page escapes the hire too.
    expect((await page('/slack')).text).not.toContain('<script>');
  });

  it('keeps what was typed, escaped, when the form is refused', async () => {
    const refused = await submit('/idp/hire', {
      ...OKTA_HIRE,
      email: 'second@acme.example',
      githubLogin: '',
      team: '"><b>bold</b>',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('githubLogin is missing');
    expect(refused.text).toContain('value="&quot;&gt;&lt;b&gt;bold&lt;/b&gt;"');
    expect(refused.text).not.toContain('<b>bold</b>');
    expect(refused.text).not.toContain('<script>');
    expect(devstack.okta.user('second@acme.example')).toBeUndefined();
  });

  it('lets go with the button', async () => {
    const user = devstack.okta.user(OKTA_HIRE.email)!;
    const before = receiver.deliveries().length;
    const posted = await submit(`/idp/users/${user.id}/deactivate`);
    expect(posted.status).toBe(303);
    expect(devstack.okta.user(user.id)!.status).toBe('DEPROVISIONED');
    expect(
      receiver
        .deliveries()
        .slice(before)
        .map(d => d.body.data.events[0].eventType),
    ).toEqual(['user.lifecycle.deactivate']);
    const { text } = await page(posted.location!);
    expect(text).toContain(
      'is DEPROVISIONED; Runway answered create 200, activate 200, deactivate 200.',
    );
    expect(text).not.toContain(`action="/idp/users/${user.id}/deactivate"`);
    // A second press (an old tab) says so.
    const again = await submit(`/idp/users/${user.id}/deactivate`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('is deactivated already');
    expect(again.text).not.toContain('<script>');
  });

  it('shows Runway’s refusal on the page with a 502', async () => {
    receiver.deliveryStatus = 503;
    try {
      const posted = await submit('/idp/hire', {
        ...OKTA_HIRE,
        name: 'Barbara Liskov',
        email: 'barbara@acme.example',
        githubLogin: 'barbara',
      });
      expect(posted.status).toBe(502);
      expect(posted.text).toContain('Hired Barbara Liskov');
      expect(posted.text).toMatch(
        /in Okta, but Runway was not told: user.lifecycle.create: answered 503/,
      );
    } finally {
      receiver.deliveryStatus = 200;
    }
  });

  it('refuses a form another site posts', async () => {
    const grace = devstack.okta.user('grace.liu@acme.example')!;
    const before = receiver.requests.length;
    const crossSite: Array<Record<string, string>> = [
      { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      // Another port of localhost is another origin (same-site).
      { Origin: 'http://localhost:3000', 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'null' },
    ];
    for (const headers of crossSite) {
      const posted = await submit(
        `/idp/users/${grace.id}/deactivate`,
        {},
        headers,
      );
      expect(posted.status).toBe(403);
      expect(posted.text).toContain('posted from another site');
    }
    expect(devstack.okta.user(grace.id)!.status).toBe('ACTIVE');
    expect(receiver.requests.length).toBe(before);
  });

  it('leaves the rest of the web view read-only', async () => {
    expect((await submit('/pulls')).status).toBe(405);
  });
});
