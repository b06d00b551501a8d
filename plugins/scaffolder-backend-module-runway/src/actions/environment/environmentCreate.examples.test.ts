import { Entity } from '@backstage/catalog-model';
import { KubernetesApiStandIn } from '@runway/devstack';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import {
  CLUSTER_URL,
  component,
  fakeEnvironmentsApi,
  makeAction,
  taskContext,
} from './__testUtils__/fakes';
import { examples } from './environmentCreate.examples';

const storefront: Entity[] = [
  component('storefront-web', 'storefront'),
  component('cart-service', 'storefront'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'storefront' },
    spec: { type: 'team', children: [] },
  },
];

const comments: string[] = [];
const github = [
  http.get(
    'https://api.github.com/repos/acme/checkout-api/issues/42/comments',
    () => HttpResponse.json([]),
  ),
  http.post(
    'https://api.github.com/repos/acme/checkout-api/issues/42/comments',
    async ({ request }) => {
      comments.push(((await request.json()) as { body: string }).body);
      return HttpResponse.json(
        {
          id: 1,
          html_url:
            'https://github.com/acme/checkout-api/pull/42#issuecomment-1',
        },
        { status: 201 },
      );
    },
  ),
];

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('environment:create examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s — runs against the Kubernetes stand-in',
    async (_d, example) => {
      const kube = new KubernetesApiStandIn(CLUSTER_URL);
      const api = fakeEnvironmentsApi();
      server.resetHandlers(...kube.handlers(), api.handler, ...github);
      const { action } = makeAction(
        {
          integrations: {
            github: [{ host: 'github.com', token: 'test-token' }],
          },
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  { name: 'dev', url: CLUSTER_URL, skipTLSVerify: true },
                ],
              },
            ],
          },
          runway: {
            github: { writeIntervalMs: 0 },
            environments: { delivery: { mode: 'direct' } },
          },
        },
        storefront,
      );
      const input = yaml.parse(example.example).steps[0].input;
      const ctx = taskContext(input);
      await action.handler(ctx);

      expect(kube.list('Namespace').map(n => n.metadata.name)).toContain(
        `env-${input.name}`,
      );
      expect(api.leases.get(input.name)).toMatchObject({
        name: input.name,
        type: input.type,
      });
      expect(ctx.output).toHaveBeenCalledWith('namespace', `env-${input.name}`);
      expect(
        ctx.output.mock.calls.some((c: unknown[]) => c[0] === 'commentUrl'),
      ).toBe(Boolean(input.pullRequestUrl));
    },
  );
});
