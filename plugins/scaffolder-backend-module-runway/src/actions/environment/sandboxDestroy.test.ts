import { setupServer } from 'msw/node';
import yaml from 'yaml';
import {
  fakeEnvironmentsApi,
  makeSandboxActions,
  taskContext,
} from './__testUtils__/fakes';
import { examples } from './sandboxDestroy.examples';

const lease = (state: string) => ({
  name: 'sandbox-ada-lovelace',
  type: 'sandbox',
  ownerTeam: 'group:default/payments',
  ownerUser: 'user:default/ada-lovelace',
  services: [],
  state,
});

describe('environment:sandbox:destroy', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  let api: ReturnType<typeof fakeEnvironmentsApi>;
  beforeEach(() => {
    api = fakeEnvironmentsApi();
    server.resetHandlers(...api.handlers);
  });

  it('tears the engineer’s sandbox down through the API, once, as offboarding’s run', async () => {
    api.leases.set('sandbox-ada-lovelace', lease('active'));
    api.leases.set('sandbox-bob', {
      ...lease('active'),
      name: 'sandbox-bob',
      ownerUser: 'user:default/bob',
    });
    const { destroy } = makeSandboxActions({});
    const first = taskContext(
      { owner: 'user:default/Ada-Lovelace' },
      { startedBy: 'onboarding' },
    );
    await destroy.handler(first);
    expect(api.destroyed).toEqual(['sandbox-ada-lovelace']);
    expect(first.output).toHaveBeenCalledWith('name', 'sandbox-ada-lovelace');
    expect(first.output).toHaveBeenCalledWith('state', 'destroyed');
    expect(new Set(api.callers)).toEqual(new Set(['plugin:scaffolder']));

    const retry = taskContext(
      { owner: 'user:default/ada-lovelace' },
      { startedBy: 'onboarding' },
    );
    await destroy.handler(retry);
    expect(api.destroyed).toEqual(['sandbox-ada-lovelace']);
    expect(retry.output).toHaveBeenCalledWith('state', 'none');
    expect(api.leases.get('sandbox-bob').state).toBe('active');
  });

  it('refuses an owner that is not a User, asking nothing', async () => {
    const { destroy } = makeSandboxActions({});
    await expect(
      destroy.handler(taskContext({ owner: 'group:default/payments' })),
    ).rejects.toThrow(/^owner must be a user entity ref/);
    expect(api.callers).toEqual([]);
  });

  it('on a dry run says what it would tear down, and tears down nothing', async () => {
    api.leases.set('sandbox-ada-lovelace', lease('active'));
    const { destroy } = makeSandboxActions({});
    const ctx = taskContext({ owner: 'user:default/ada-lovelace' });
    ctx.isDryRun = true;
    await destroy.handler(ctx);
    expect(api.destroyed).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('name', 'sandbox-ada-lovelace');
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'example: %s',
    async (_d, example) => {
      api.leases.set('sandbox-ada-lovelace', lease('active'));
      const { destroy } = makeSandboxActions({});
      const [step] = yaml.parse(example.example).steps;
      await destroy.handler(taskContext(step.input));
      expect(api.destroyed).toEqual(['sandbox-ada-lovelace']);
    },
  );
});
