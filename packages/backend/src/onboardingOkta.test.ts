/**
 * The whole loop through the devstack's identity-provider stand-in, as Okta would drive it: the
 * stand-in hires a person (their Slack account made as SCIM would), verifies Runway's event hook
 * and sends `user.lifecycle.create` and `activate`; Runway reads the person from the stand-in's
 * Users API and runs the onboarding. Letting the person go sends `user.lifecycle.deactivate`, the
 * stand-in now answers DEPROVISIONED, and Runway offboards them.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Devstack, startDevstack } from '@runway/devstack';
import request from 'supertest';
import { startOnboardingBackend } from './__testUtils__/onboardingBackend';
import { waitForTask } from './__testUtils__/scaffolderTasks';

jest.setTimeout(300_000);

const HOOK_SECRET = 'okta-hook-secret-for-the-loop';

let devstack: Devstack;
let backend: Awaited<ReturnType<typeof startOnboardingBackend>> | undefined;
/** The hook URL must exist before the devstack starts: it forwards to the backend once it is up. */
let hookProxy: http.Server;

beforeAll(async () => {
  hookProxy = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!backend) {
      res.writeHead(503).end();
      return;
    }
    const forwarded = await request(backend.server)
      [req.method === 'GET' ? 'get' : 'post']('/api/onboarding/okta/hook')
      .set(
        Object.fromEntries(
          ['authorization', 'content-type', 'x-okta-verification-challenge']
            .filter(h => req.headers[h])
            .map(h => [h, String(req.headers[h])]),
        ),
      )
      .send(Buffer.concat(chunks).toString('utf8') || undefined);
    res.writeHead(forwarded.status, { 'content-type': 'application/json' });
    res.end(forwarded.text);
  });
  await new Promise<void>(resolve => hookProxy.listen(0, '127.0.0.1', resolve));
  const { port } = hookProxy.address() as AddressInfo;
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    okta: { hookUrl: `http://127.0.0.1:${port}/hook`, hookSecret: HOOK_SECRET },
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
  await new Promise(resolve => hookProxy?.close(resolve));
});

async function runOf(idpUserId: string, kind: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { body } = await request(backend!.server)
      .get('/api/onboarding/runs')
      .set('Authorization', mockCredentials.user.header());
    const run = body.runs?.find(
      (r: any) => r.idpUserId === idpUserId && r.kind === kind,
    );
    if (run?.state === 'started' || run?.state === 'incomplete') return run;
    if (Date.now() > deadline)
      throw new Error(`no ${kind} run: ${JSON.stringify(body)}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

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
  const joined = await runOf(hired.user.id, 'onboard');
  expect(joined).toMatchObject({ state: 'started', source: 'okta' });
  const onboarding = await waitForTask(backend!.server, joined.taskId);
  expect({
    status: onboarding.status,
    log: onboarding.status === 'completed' ? '' : onboarding.log,
  }).toEqual({ status: 'completed', log: '' });
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
  const leaving = await runOf(hired.user.id, 'offboard');
  expect(leaving).toMatchObject({ state: 'started' });
  const offboarding = await waitForTask(backend!.server, leaving.taskId);
  expect({
    status: offboarding.status,
    log: offboarding.status === 'completed' ? '' : offboarding.log,
  }).toEqual({ status: 'completed', log: '' });
  expect(slack.isMember(slack.channel('team-payments')!.id, katherine.id)).toBe(
    false,
  );
});
