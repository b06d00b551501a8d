import { KubernetesApiStandIn } from '@runway/devstack';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import {
  CLUSTER_URL,
  directDelivery,
  fakeEnvironmentsApi,
  makeSandboxActions,
  taskContext,
} from './__testUtils__/fakes';
import { examples } from './sandboxCreate.examples';

jest.setTimeout(60_000);

const direct = directDelivery({ kubernetesUserPrefix: 'oidc:' });

const ada = {
  owner: 'user:default/ada-lovelace',
  team: 'group:default/payments',
};

describe('environment:sandbox:create', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  let kube: KubernetesApiStandIn;
  let api: ReturnType<typeof fakeEnvironmentsApi>;
  beforeEach(() => {
    kube = new KubernetesApiStandIn(CLUSTER_URL);
    api = fakeEnvironmentsApi();
    server.resetHandlers(...kube.handlers(), ...api.handlers);
  });
  const writes = () => kube.requests.filter(r => r.method !== 'GET');

  it('gives the engineer a sandbox bound to them alone, recorded with no expiry before it is delivered, then ready', async () => {
    const { create, auditor } = makeSandboxActions(direct);
    const ctx = taskContext(ada, { startedBy: 'onboarding' });
    await create.handler(ctx);

    expect(api.requests).toEqual([
      {
        dryRun: true,
        body: {
          name: 'sandbox-ada-lovelace',
          type: 'sandbox',
          ownerTeam: 'group:default/payments',
          ownerUser: 'user:default/ada-lovelace',
          services: [],
        },
      },
      {
        dryRun: false,
        body: expect.objectContaining({
          name: 'sandbox-ada-lovelace',
          provisioning: true,
        }),
      },
    ]);
    expect(api.leases.get('sandbox-ada-lovelace')).toMatchObject({
      state: 'active',
      requestedBy: 'user:default/ada-lovelace',
    });
    expect(api.leases.get('sandbox-ada-lovelace')).not.toHaveProperty(
      'expiresAt',
    );
    // A run the onboarding plugin started has no person: its steps act as Runway's scaffolder.
    expect(new Set(api.callers)).toEqual(new Set(['plugin:scaffolder']));

    const namespace = kube.get('Namespace', 'env-sandbox-ada-lovelace');
    expect(namespace?.metadata.labels).toMatchObject({
      'runway.dev/environment-type': 'sandbox',
      'runway.dev/owner': 'payments',
      'runway.dev/engineer': 'ada-lovelace',
    });
    const [binding] = kube.list('RoleBinding', 'env-sandbox-ada-lovelace');
    expect((binding as any).subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'User',
        name: 'oidc:ada-lovelace',
      },
    ]);
    expect(kube.list('Application')).toEqual([]);
    expect(kube.list('Ingress')).toEqual([]);
    expect(kube.list('ResourceQuota', 'env-sandbox-ada-lovelace')).toEqual([
      expect.objectContaining({
        spec: expect.objectContaining({
          hard: expect.objectContaining({ 'requests.cpu': '1' }),
        }),
      }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith('state', 'active');
    expect(ctx.output).toHaveBeenCalledWith(
      'environmentUrl',
      'https://runway.acme.example/environments/sandbox-ada-lovelace',
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'policy-gate',
        meta: expect.objectContaining({ environment: 'sandbox-ada-lovelace' }),
      }),
    );
  });

  it('records one lease however often it runs: a retry, or the platform team re-running onboarding', async () => {
    const { create } = makeSandboxActions(direct);
    await create.handler(taskContext(ada, { startedBy: 'onboarding' }));
    await create.handler(taskContext(ada, { startedBy: 'onboarding' }));
    await create.handler(taskContext(ada));
    expect([...api.leases.keys()]).toEqual(['sandbox-ada-lovelace']);
    expect(api.readied).toEqual([
      'sandbox-ada-lovelace',
      'sandbox-ada-lovelace',
      'sandbox-ada-lovelace',
    ]);
    expect(kube.list('Namespace').map(n => n.metadata.name)).toContain(
      'env-sandbox-ada-lovelace',
    );
    // The person re-running it is who the API applies its rules to.
    expect(api.callers.at(-1)).toBe('user:default/jane');
  });

  it.each([
    [
      { ...ada, owner: 'group:default/payments' },
      /^owner must be a user entity ref like user:default\/name/,
    ],
    [
      { ...ada, team: 'group:default/nobody' },
      /^team group:default\/nobody is not in the catalog/,
    ],
  ])('refuses %j before anything is asked or written', async (input, error) => {
    const { create } = makeSandboxActions(direct);
    await expect(create.handler(taskContext(input))).rejects.toThrow(error);
    expect(api.requests).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it('stops at the API’s refusal, with its message, before anything is written', async () => {
    api.refuseWith(
      403,
      'The permission policy does not allow user:default/jane to create the sandbox of user:default/ada-lovelace',
    );
    const { create } = makeSandboxActions(direct);
    await expect(create.handler(taskContext(ada))).rejects.toThrow(
      'Environments API: The permission policy does not allow user:default/jane to create the sandbox of user:default/ada-lovelace',
    );
    expect(writes()).toEqual([]);
  });

  it('on a dry run checks everything and writes nothing', async () => {
    const { create } = makeSandboxActions(direct);
    const ctx = taskContext(ada);
    ctx.isDryRun = true;
    await create.handler(ctx);
    expect(api.requests.map(r => r.dryRun)).toEqual([true]);
    expect(writes()).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('name', 'sandbox-ada-lovelace');
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'example: %s',
    async (_d, example) => {
      const { create } = makeSandboxActions(direct);
      const [step] = yaml.parse(example.example).steps;
      await create.handler(taskContext(step.input));
      expect(api.leases.get('sandbox-ada-lovelace')).toMatchObject({
        state: 'active',
      });
    },
  );
});
