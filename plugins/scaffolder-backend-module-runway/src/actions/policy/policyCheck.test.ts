import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createPolicyCheckAction } from './policyCheck';

/** Two small policies of the engine's format, so the cases do not depend on the baseline's wording. */
const policies = {
  'non-root.yaml': yaml.stringify({
    id: 'non-root',
    title: 'Containers do not run as root',
    severity: 'high',
    description: 'A container that runs as root owns its node when it escapes.',
    match: { kubernetes: { kinds: ['Deployment'] } },
    validations: [
      {
        expression:
          'object.spec.template.spec.containers.all(c, c.securityContext.runAsNonRoot == true)',
        message: 'a container may run as root',
      },
    ],
    remediation: 'set securityContext.runAsNonRoot: true on every container',
    link: '/docs/default/component/runway/policies#non-root',
  }),
  'two-replicas.yaml': yaml.stringify({
    id: 'two-replicas',
    title: 'Deployments keep two replicas',
    severity: 'medium',
    description: 'One replica means downtime on every rollout.',
    match: { kubernetes: { kinds: ['Deployment'] } },
    validations: [
      {
        expression: 'object.spec.replicas >= 2',
        messageExpression: "'replicas is ' + string(object.spec.replicas)",
      },
    ],
    remediation: 'set spec.replicas to 2 or more',
    link: 'https://kubernetes.example/replicas',
  }),
  'owner.yaml': yaml.stringify({
    id: 'owner',
    title: 'Components have an owner',
    severity: 'low',
    description: 'Someone is paged.',
    match: { catalog: { kinds: ['Component'] } },
    validations: [
      {
        expression: "object.spec.owner.startsWith('group:')",
        message: 'the owner is not a group',
      },
    ],
    remediation: 'set spec.owner to a team, e.g. group:default/payments',
  }),
};

function deployment(runAsNonRoot: boolean, replicas = 2) {
  return yaml.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ledger', namespace: 'ledger' },
    spec: {
      replicas,
      template: {
        spec: {
          containers: [{ name: 'ledger', securityContext: { runAsNonRoot } }],
        },
      },
    },
  });
}

const component = yaml.stringify({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ledger' },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'group:payments' },
});

const mockDir = createMockDirectory();
const policiesDir = createMockDirectory();
beforeAll(() => policiesDir.setContent(policies));
beforeEach(() => mockDir.clear());

function setup(workspace: Record<string, any>, isDryRun = false) {
  mockDir.setContent(workspace);
  const auditor = mockServices.auditor.mock();
  const action = createPolicyCheckAction({
    auditor,
    appBaseUrl: 'http://localhost:3000',
    policiesDir: policiesDir.path,
  });
  return { auditor, action, isDryRun };
}

type GateInput = {
  paths?: string[];
  policiesDir?: string;
  failOn?: 'low' | 'medium' | 'high' | 'critical';
  entityRef?: string;
};

function context(input: GateInput, isDryRun = false) {
  return {
    ...createMockActionContext({
      input,
      logger: mockServices.logger.mock(),
      workspacePath: mockDir.path,
      templateInfo: { entityRef: 'template:default/new-service' },
      task: { id: 'task-1' },
    }),
    isDryRun,
  };
}

const outputs = (ctx: ReturnType<typeof context>) =>
  Object.fromEntries((ctx.output as jest.Mock).mock.calls);

/** The one audit event a decision made: what createEvent got, and how it ended. */
async function auditEvent(
  auditor: ReturnType<typeof mockServices.auditor.mock>,
) {
  expect(auditor.createEvent).toHaveBeenCalledTimes(1);
  const [options] = auditor.createEvent.mock.calls[0];
  const event = await auditor.createEvent.mock.results[0].value;
  return { options, success: event.success, fail: event.fail };
}

const rendered = {
  deploy: { 'deployment.yaml': deployment(true) },
  'catalog-info.yaml': component,
  'README.md': '# ledger',
};

it('lets compliant files through, says what it checked, and audits the decision', async () => {
  const { action, auditor } = setup(rendered);
  const ctx = context({
    paths: ['deploy', 'catalog-info.yaml'],
    entityRef: 'component:ledger',
  });
  await action.handler(ctx);

  expect(outputs(ctx)).toEqual({ violations: [], checked: 2 });
  expect(ctx.logger.info).toHaveBeenCalledWith(
    'No violations: 2 files (2 resources) checked against 3 policies.',
  );
  const { options, success, fail } = await auditEvent(auditor);
  expect(options).toEqual({
    eventId: 'policy-gate',
    severityLevel: 'medium',
    meta: expect.objectContaining({
      template: 'template:default/new-service',
      entity: 'component:ledger',
      taskId: 'task-1',
    }),
  });
  expect(success).toHaveBeenCalledWith({
    meta: expect.objectContaining({
      outcome: 'allowed',
      template: 'template:default/new-service',
      entity: 'component:default/ledger',
      taskId: 'task-1',
      policiesEvaluated: ['non-root', 'owner', 'two-replicas'],
      policiesViolated: [],
      filesChecked: 2,
    }),
  });
  expect(fail).not.toHaveBeenCalled();
});

it('fails the step with one actionable line per violation, and audits the denial', async () => {
  const { action, auditor } = setup({
    ...rendered,
    deploy: { 'deployment.yaml': deployment(false, 1) },
  });
  const ctx = context({ entityRef: 'component:default/ledger' });

  const error = await action.handler(ctx).catch(e => e);
  expect(error).toBeInstanceOf(InputError);
  expect(error.message.split('\n')).toEqual([
    "Policy gate: what template:default/new-service rendered has 2 violations (severity low or higher), so the task stops here. Fix each line below, or ask the template's owners to:",
    'non-root deploy/deployment.yaml:1 Deployment/ledger/ledger: a container may run as root — fix: set securityContext.runAsNonRoot: true on every container http://localhost:3000/docs/default/component/runway/policies#non-root',
    'two-replicas deploy/deployment.yaml:1 Deployment/ledger/ledger: replicas is 1 — fix: set spec.replicas to 2 or more https://kubernetes.example/replicas',
  ]);
  // The portal shows err.stack: the lines, not a trace.
  expect(error.stack).toBe(`InputError: ${error.message}`);
  expect(outputs(ctx).violations).toEqual([
    expect.objectContaining({
      policyId: 'non-root',
      file: 'deploy/deployment.yaml',
      link: 'http://localhost:3000/docs/default/component/runway/policies#non-root',
    }),
    expect.objectContaining({ policyId: 'two-replicas' }),
  ]);

  const { success, fail } = await auditEvent(auditor);
  expect(success).not.toHaveBeenCalled();
  expect(fail).toHaveBeenCalledWith({
    error,
    meta: expect.objectContaining({
      outcome: 'denied',
      entity: 'component:default/ledger',
      template: 'template:default/new-service',
      taskId: 'task-1',
      policiesEvaluated: ['non-root', 'owner', 'two-replicas'],
      policiesViolated: ['non-root', 'two-replicas'],
      blockingViolations: 2,
    }),
  });
});

it('lets violations below failOn through as warnings', async () => {
  const { action, auditor } = setup({
    ...rendered,
    deploy: { 'deployment.yaml': deployment(true, 1) },
  });
  const ctx = context({ failOn: 'high' });
  await action.handler(ctx);

  expect(outputs(ctx).violations).toEqual([
    expect.objectContaining({ policyId: 'two-replicas', severity: 'medium' }),
  ]);
  expect(ctx.logger.info).toHaveBeenCalledWith(
    expect.stringContaining(
      'medium two-replicas deploy/deployment.yaml:1 Deployment/ledger/ledger: replicas is 1',
    ),
  );
  expect(ctx.logger.warn).toHaveBeenCalledWith(
    '1 violation is below severity high (failOn), so it does not fail this step; fix it before a policy tightens.',
  );
  const { success } = await auditEvent(auditor);
  expect(success).toHaveBeenCalledWith({
    meta: expect.objectContaining({
      outcome: 'allowed',
      policiesViolated: ['two-replicas'],
      blockingViolations: 0,
    }),
  });
});

it('denies in a dry run too: it only reads', async () => {
  const { action, auditor } = setup({
    deploy: { 'deployment.yaml': deployment(false) },
  });
  const ctx = context({ paths: ['deploy/*.yaml'] }, true);
  await expect(action.handler(ctx)).rejects.toThrow(
    /^Policy gate: .*\nnon-root /,
  );
  const { fail } = await auditEvent(auditor);
  expect(fail).toHaveBeenCalledWith(
    expect.objectContaining({
      meta: expect.objectContaining({ outcome: 'denied', dryRun: true }),
    }),
  );
});

it.each([
  ['a parent directory', ['../../etc']],
  ['an absolute path', ['/etc/passwd']],
])(
  'refuses %s in paths before reading anything, and audits the refusal',
  async (_what, paths) => {
    const { action, auditor } = setup(rendered);
    const ctx = context({ paths });
    await expect(action.handler(ctx)).rejects.toThrow(
      /is not a path inside the workspace; give a relative path without/,
    );
    const { fail } = await auditEvent(auditor);
    expect(fail).toHaveBeenCalledWith(
      expect.objectContaining({
        meta: expect.objectContaining({ outcome: 'error' }),
      }),
    );
  },
);

it('refuses paths that hold nothing it can evaluate, rather than pass unchecked', async () => {
  const { action } = setup(rendered);
  const ctx = context({ paths: ['README.md'] });
  await expect(action.handler(ctx)).rejects.toThrow(
    'policy:check found nothing it can evaluate in ["README.md"] (no Kubernetes manifest, Terraform or catalog entity); point paths at the rendered files.',
  );
});

it('uses a policies directory from the workspace when the template brings one', async () => {
  const { action, auditor } = setup({
    ...rendered,
    deploy: { 'deployment.yaml': deployment(false) },
    'extra-policies': { 'owner.yaml': policies['owner.yaml'] },
  });
  const ctx = context({ paths: ['.'], policiesDir: 'extra-policies' });
  await action.handler(ctx);
  const { success } = await auditEvent(auditor);
  expect(success).toHaveBeenCalledWith({
    meta: expect.objectContaining({ policiesEvaluated: ['owner'] }),
  });
});

it('refuses a policies directory outside the workspace', async () => {
  const { action } = setup(rendered);
  const ctx = context({ policiesDir: policiesDir.path });
  await expect(action.handler(ctx)).rejects.toThrow(
    /^policiesDir: ".*" is not a path inside the workspace/,
  );
});

it('fails closed when the policies cannot be loaded', async () => {
  const { action, auditor } = setup({
    ...rendered,
    broken: { 'broken.yaml': 'id: broken\nseverity: nope\n' },
  });
  const ctx = context({ policiesDir: 'broken' });
  await expect(action.handler(ctx)).rejects.toThrow(/broken\.yaml/);
  const { fail } = await auditEvent(auditor);
  expect(fail).toHaveBeenCalledWith(
    expect.objectContaining({
      meta: expect.objectContaining({ outcome: 'error' }),
    }),
  );
});

it('refuses an entityRef that is not one', async () => {
  const { action } = setup(rendered);
  const ctx = context({ entityRef: 'component:' });
  await expect(action.handler(ctx)).rejects.toThrow(
    'entityRef "component:" is not an entity reference; give one such as component:default/ledger.',
  );
});

it("denies a root container with Runway's baseline policies by default", async () => {
  mockDir.setContent({ deploy: { 'deployment.yaml': deployment(false) } });
  const action = createPolicyCheckAction({
    auditor: mockServices.auditor.mock(),
    appBaseUrl: 'http://localhost:3000',
  });
  await expect(action.handler(context({ paths: ['deploy'] }))).rejects.toThrow(
    /\nk8s-no-root deploy\/deployment\.yaml:1 Deployment\/ledger\/ledger: container ledger may run as root.* — fix: Set securityContext\.runAsNonRoot: true .* http:\/\/localhost:3000\/create\/templates\/default\/new-service(\n|$)/,
  );
});
