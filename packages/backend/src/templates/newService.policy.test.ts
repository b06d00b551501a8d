/**
 * The policy gate of the "new backend service" golden path, end to end: the real scaffolder
 * backend runs a copy of templates/new-service whose TypeScript skeleton runs its container as
 * root. The task must stop at the policy step with a line naming the policy, the file and the
 * fix, before any repository or pull request exists on the devstack, and the decision must reach
 * the auditor. The unmodified template, run beside it, passes the gate.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Devstack, startDevstack } from '@runway/devstack';
import request from 'supertest';
import {
  repoRoot,
  startGoldenPathBackend,
} from '../__testUtils__/goldenPathBackend';
import { runTask, waitForEntity } from '../__testUtils__/scaffolderTasks';

jest.setTimeout(180_000);

const ROOT_TEMPLATE = 'template:default/new-service-root';
const TEMPLATE = 'template:default/new-service';

let devstack: Devstack;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let templateCopy: string;
const auditor = mockServices.auditor.mock();

/** templates/new-service, renamed, with a TypeScript skeleton whose container runs as root. */
function copyTemplateRunningAsRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'new-service-root-'));
  fs.cpSync(path.join(repoRoot, 'templates/new-service'), dir, {
    recursive: true,
  });
  const rename = (text: string) =>
    text.replace(/^ {2}name: new-service$/m, '  name: new-service-root');
  const asRoot = (text: string) =>
    text
      .replace(/runAsNonRoot: true/g, 'runAsNonRoot: false')
      .replace(/runAsUser: 1000/g, 'runAsUser: 0');
  edit(path.join(dir, 'template.yaml'), rename);
  edit(path.join(dir, 'skeletons/typescript/deploy/deployment.yaml'), asRoot);
  return dir;
}

function edit(file: string, change: (text: string) => string) {
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  fs.writeFileSync(file, after);
}

beforeAll(async () => {
  templateCopy = copyTemplateRunningAsRoot();
  devstack = await startDevstack({
    port: 0,
    smtpPort: 0,
    validateResponses: true,
  });
  backend = await startGoldenPathBackend({
    devstack,
    locations: [
      path.join(repoRoot, 'examples/org.yaml'),
      path.join(repoRoot, 'examples/systems.yaml'),
      path.join(repoRoot, 'templates/new-service/template.yaml'),
      path.join(templateCopy, 'template.yaml'),
    ],
    features: [auditor.factory],
  });
  await waitForEntity(backend.server, 'template/default/new-service-root');
  await waitForEntity(backend.server, 'template/default/new-service');
  await waitForEntity(backend.server, 'group/default/payments');
  await waitForEntity(backend.server, 'system/default/checkout');
});

afterAll(async () => {
  await backend?.stop();
  await devstack?.stop();
  if (templateCopy) fs.rmSync(templateCopy, { recursive: true, force: true });
});

function formValues(name: string) {
  return {
    name,
    description: `Keeps the ${name} books.`,
    owner: 'group:default/payments',
    system: 'system:default/checkout',
    language: 'typescript',
    database: 'none',
    lifecycle: 'experimental',
    pagerdutyServiceId: 'PABC123',
  };
}

/** Each step's last status, from the task's event stream: stepId → status. */
async function stepStatuses(taskId: string): Promise<Record<string, string>> {
  const { body } = await request(backend.server)
    .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
    .set('Authorization', mockCredentials.user.header());
  const statuses: Record<string, string> = {};
  for (const event of body as Array<{ body?: any }>)
    if (event.body?.stepId && event.body?.status)
      statuses[event.body.stepId] = event.body.status;
  return statuses;
}

/** The policy-gate audit events recorded for a task: what createEvent got, merged with how it ended. */
async function gateEvents(taskId: string) {
  const events = [];
  for (const [i, [options]] of auditor.createEvent.mock.calls.entries()) {
    if (options.eventId !== 'policy-gate' || options.meta?.taskId !== taskId)
      continue;
    const event = await auditor.createEvent.mock.results[i].value;
    const [succeeded] = event.success.mock.calls;
    const [failed] = event.fail.mock.calls;
    let status = 'initiated';
    if (succeeded) status = 'succeeded';
    if (failed) status = 'failed';
    events.push({
      severityLevel: options.severityLevel,
      status,
      meta: { ...options.meta, ...(succeeded ?? failed)?.[0]?.meta },
      error: failed?.[0]?.error?.message,
    });
  }
  return events;
}

describe('a template whose skeleton runs its container as root', () => {
  const name = 'ledger-root';
  let result: Awaited<ReturnType<typeof runTask>>;

  beforeAll(async () => {
    result = await runTask(backend.server, ROOT_TEMPLATE, formValues(name));
  });

  it('fails at the policy step, naming the policy, the file and the fix', async () => {
    expect(result.status).toBe('failed');
    expect(await stepStatuses(result.id)).toEqual({
      prepare: 'completed',
      render: 'completed',
      policy: 'failed',
      publish: 'skipped',
      platform: 'skipped',
      applications: 'skipped',
      terraform: 'skipped',
      followup: 'skipped',
      register: 'skipped',
      announce: 'skipped',
    });
    const lines = result.log.split('\n');
    expect(lines).toContain(
      `InputError: Policy gate: what ${ROOT_TEMPLATE} rendered has 1 violation (severity low or higher), so the task stops here. Fix each line below, or ask the template's owners to:`,
    );
    const line = lines.find(l => l.startsWith('k8s-no-root '));
    expect(line).toMatch(
      new RegExp(
        `^k8s-no-root deploy/deployment\\.yaml:\\d+ Deployment/${name}: container ${name} may run as root: .*runAsUser: 0 is root.* — fix: Set securityContext\\.runAsNonRoot: true and runAsUser to a non-zero uid .* http://localhost:3000/create/templates/default/new-service$`,
      ),
    );
    // The portal shows the lines, not a stack trace.
    expect(result.log).not.toMatch(/\n\s+at /);
  });

  it('creates no repository and no pull request', () => {
    expect(
      devstack.forge.state.data.repos.filter(
        r => r.owner === 'acme' && r.name === name,
      ),
    ).toEqual([]);
    expect(
      devstack.forge.state.data.pulls.filter(
        p => p.head === `runway/new-service-${name}`,
      ),
    ).toEqual([]);
  });

  it('records the denial with the auditor', async () => {
    expect(await gateEvents(result.id)).toEqual([
      {
        severityLevel: 'medium',
        status: 'failed',
        error: expect.stringContaining('\nk8s-no-root deploy/deployment.yaml:'),
        meta: expect.objectContaining({
          outcome: 'denied',
          template: ROOT_TEMPLATE,
          entity: `component:default/${name}`,
          taskId: result.id,
          step: 'policy',
          policiesEvaluated: expect.arrayContaining([
            'k8s-no-root',
            'catalog-component-metadata',
          ]),
          policiesViolated: ['k8s-no-root'],
        }),
      },
    ]);
  });
});

describe('the unmodified template', () => {
  it('passes the gate, is recorded as allowed, and goes on to publish', async () => {
    const name = 'ledger-compliant';
    const result = await runTask(backend.server, TEMPLATE, formValues(name));
    expect({
      status: result.status,
      log: result.status === 'completed' ? '' : result.log,
    }).toEqual({ status: 'completed', log: '' });
    expect(result.log).toMatch(
      /No violations: 5 files \(5 resources\) checked against \d+ policies\./,
    );
    expect(await gateEvents(result.id)).toEqual([
      {
        severityLevel: 'medium',
        status: 'succeeded',
        error: undefined,
        meta: expect.objectContaining({
          outcome: 'allowed',
          template: TEMPLATE,
          entity: `component:default/${name}`,
          taskId: result.id,
          policiesViolated: [],
          filesChecked: 5,
        }),
      },
    ]);
    expect(
      devstack.forge.state.data.repos.filter(
        r => r.owner === 'acme' && r.name === name,
      ),
    ).toHaveLength(1);
  });
});
