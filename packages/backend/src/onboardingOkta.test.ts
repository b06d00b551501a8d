/**
 * The whole loop through the devstack's identity-provider stand-in, as Okta would drive it: the
 * stand-in hires a person (their Slack account made as SCIM would), verifies Runway's event hook
 * and sends `user.lifecycle.create` and `activate`; Runway reads the person from the stand-in's
 * Users API and runs the onboarding. Letting the person go sends `user.lifecycle.deactivate`, the
 * stand-in now answers DEPROVISIONED, and Runway offboards them.
 */
import { Devstack, startDevstack } from '@runway/devstack';
import request from 'supertest';
import {
  expectTaskCompleted,
  runOf,
  startLocalProxy,
} from './__testUtils__/idpLoop';
import { startOnboardingBackend } from './__testUtils__/onboardingBackend';

jest.setTimeout(300_000);

const HOOK_SECRET = 'okta-hook-secret-for-the-loop';

let devstack: Devstack;
let backend: Awaited<ReturnType<typeof startOnboardingBackend>> | undefined;
/** The hook URL must exist before the devstack starts: it forwards to the backend once it is up. */
let hookProxy: Awaited<ReturnType<typeof startLocalProxy>>;

beforeAll(async () => {
  hookProxy = await startLocalProxy(async (req, body) => {
    if (!backend) return { status: 503 };
    const forwarded = await request(backend.server)
      [req.method === 'GET' ? 'get' : 'post']('/api/onboarding/okta/hook')
      .set(
        Object.fromEntries(
          ['authorization', 'content-type', 'x-okta-verification-challenge']
            .filter(h => req.headers[h])
            .map(h => [h, String(req.headers[h])]),
        ),
      )
      .send(body);
    return {
      status: forwarded.status,
      contentType: 'application/json',
      text: forwarded.text,
    };
  });
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    okta: {
      hookUrl: `http://127.0.0.1:${hookProxy.port}/hook`,
      hookSecret: HOOK_SECRET,
    },
  });
  backend = await startOnboardingBackend(devstack, {
    okta: {
      hookSecret: HOOK_SECRET,
      orgUrl: devstack.urls.oktaOrgUrl,
      apiToken: devstack.oktaApiToken,
    },
  });
}, 300_000);

afterAll(async () => {
  await backend?.stop();
  await devstack?.stop();
  await hookProxy?.close();
});

it('onboards a person hired in the identity provider, and offboards them when let go', async () => {
  const hired = await devstack.okta.hire({
    name: 'Katherine Johnson',
    email: 'katherine.johnson@acme.example',
    githubLogin: 'kjohnson',
    team: 'payments',
    managerEmail: 'grace.liu@acme.example',
    startDate: '2027-01-11',
  });
  // The stand-in verified the hook first, then Runway took both events.
  expect(hired.problem).toBeUndefined();
  expect(hired.deliveries.map(d => `${d.kind} ${d.status}`)).toEqual([
    'verification 200',
    'user.lifecycle.create 200',
    'user.lifecycle.activate 200',
  ]);
  const joined = await runOf(backend!.server, hired.user.id, 'onboard');
  expect(joined).toMatchObject({ state: 'started', source: 'okta' });
  await expectTaskCompleted(backend!.server, joined.taskId);
  expect(
    devstack.forge.state.data.pulls.filter(
      p => p.head === 'runway/engineer-kjohnson',
    ),
  ).toHaveLength(1);
  const slack = devstack.slack;
  const katherine = slack.userByEmail('katherine.johnson@acme.example')!;
  expect(slack.isMember(slack.channel('team-payments')!.id, katherine.id)).toBe(
    true,
  );

  const left = await devstack.okta.letGo(hired.user.id);
  expect(left.problem).toBeUndefined();
  const leaving = await runOf(backend!.server, hired.user.id, 'offboard');
  expect(leaving).toMatchObject({ state: 'started' });
  await expectTaskCompleted(backend!.server, leaving.taskId);
  expect(slack.isMember(slack.channel('team-payments')!.id, katherine.id)).toBe(
    false,
  );
});
