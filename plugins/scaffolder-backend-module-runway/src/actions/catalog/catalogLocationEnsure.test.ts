import { ResponseError } from '@backstage/errors';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createCatalogLocationEnsureAction } from './catalogLocationEnsure';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 't' }] },
  }),
);
const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: {},
};
const input = {
  repoContentsUrl: 'https://github.com/acme/payments-api/blob/main/',
  catalogInfoPath: '/catalog-info.yaml',
};

function catalogWith(addLocation: jest.Mock) {
  const catalog = catalogServiceMock.mock({ addLocation });
  return catalog;
}

describe('catalog:location:ensure', () => {
  it('registers the file and outputs the entity ref', async () => {
    const addLocation = jest.fn(async (_l: unknown) => ({
      location: { id: '1', type: 'url', target: '' },
      entities: [component],
      exists: false,
    }));
    const action = createCatalogLocationEnsureAction({
      catalog: catalogWith(addLocation),
      integrations,
    });
    const ctx = createMockActionContext({ input });
    await action.handler(ctx as any);
    expect(addLocation.mock.calls.map(c => c[0])).toEqual([
      {
        type: 'url',
        target:
          'https://github.com/acme/payments-api/tree/main/catalog-info.yaml',
      },
      {
        type: 'url',
        target:
          'https://github.com/acme/payments-api/tree/main/catalog-info.yaml',
        dryRun: true,
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payments-api',
    );
  });

  it('completes a retry that finds its location already registered (409)', async () => {
    // What the catalogue client throws for the answer 409.
    const conflict = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'ConflictError', message: 'Location already exists' },
        }),
        {
          status: 409,
          statusText: 'Conflict',
          headers: { 'content-type': 'application/json' },
        },
      ) as any,
    );
    const addLocation = jest.fn(async (l: { dryRun?: boolean }) => {
      if (!l.dryRun) throw conflict;
      return {
        location: { id: '1', type: 'url', target: '' },
        entities: [component],
        exists: true,
      };
    });
    const action = createCatalogLocationEnsureAction({
      catalog: catalogWith(addLocation),
      integrations,
    });
    const ctx = createMockActionContext({ input });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payments-api',
    );
  });

  it('says the catalogue’s own reason when it refuses, not the client’s status line', async () => {
    const refused = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message:
              'Unable to read url, NotFoundError: could not read catalog-info.yaml',
          },
          // As Backstage's error handler writes it.
          response: { statusCode: 400 },
        }),
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'content-type': 'application/json' },
        },
      ) as any,
    );
    const action = createCatalogLocationEnsureAction({
      catalog: catalogWith(
        jest.fn(async () => {
          throw refused;
        }),
      ),
      integrations,
    });
    const failure = await action
      .handler(createMockActionContext({ input }) as any)
      .catch(e => e);
    expect(failure.message).toMatch(
      /^The catalogue did not register .*catalog-info\.yaml: Unable to read url, NotFoundError: could not read catalog-info\.yaml\. Nothing else was left half-done: retry the task/,
    );
    expect(failure.message).not.toMatch(/Request failed with 400/);
  });

  it('fails on any other error, and on a host with no integration', async () => {
    const addLocation = jest.fn(async () => {
      throw Object.assign(new Error('boom'), { response: { status: 500 } });
    });
    const action = createCatalogLocationEnsureAction({
      catalog: catalogWith(addLocation),
      integrations,
    });
    await expect(
      action.handler(createMockActionContext({ input }) as any),
    ).rejects.toThrow(
      /did not register .*: boom\. Nothing else was left half-done/,
    );
    await expect(
      action.handler(
        createMockActionContext({
          input: { ...input, repoContentsUrl: 'https://git.example/x/y' },
        }) as any,
      ),
    ).rejects.toThrow(/^repoContentsUrl: no integration/);
  });
});
