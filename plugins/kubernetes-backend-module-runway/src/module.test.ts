/**
 * The read scope against the real Kubernetes backend and a recording stand-in of the cluster's
 * API: what a developer (not the platform team) can read through an entity, and what the cluster
 * is asked for.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import request from 'supertest';
import readScope from './index';
import { answerLikeTheKubernetesClientInJest } from './testUtils';

const TOKEN = 'cluster-service-account-token';

answerLikeTheKubernetesClientInJest();

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
  },
});

const pod = (name: string, service: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'shop',
    labels: { 'backstage.io/kubernetes-id': service },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration':
        '{"spec":{"containers":[{"env":[{"name":"DB_PASSWORD","value":"hunter2"}]}]}}',
    },
  },
  spec: {
    containers: [
      {
        name: 'app',
        image: `registry.local/${service}:1`,
        env: [
          { name: 'DB_PASSWORD', value: 'hunter2' },
          {
            name: 'API_KEY',
            valueFrom: { secretKeyRef: { name: 'keys', key: 'api' } },
          },
        ],
      },
    ],
    initContainers: [
      { name: 'migrate', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] },
    ],
  },
  status: { phase: 'Running' },
});

/** A cluster API stand-in: pods and a deployment by kubernetes-id, a Secret, every path recorded. */
async function startCluster() {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://cluster');
    asked.push(
      `${url.pathname}?${url.searchParams.get('labelSelector') ?? ''}`,
    );
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end();
      return;
    }
    const selector = url.searchParams.get('labelSelector') ?? '';
    const matches = (service: string) =>
      selector === `backstage.io/kubernetes-id=${service}` || selector === '';
    const items: Record<string, { kind: string; items: unknown[] }> = {
      '/api/v1/pods': {
        kind: 'PodList',
        items: [
          ...(matches('cart-service')
            ? [pod('cart-service-7d9f-abcde', 'cart-service')]
            : []),
          ...(matches('payments-api')
            ? [pod('payments-api-5c4b-xyz12', 'payments-api')]
            : []),
        ],
      },
      '/apis/apps/v1/deployments': {
        kind: 'DeploymentList',
        items: matches('cart-service')
          ? [
              {
                kind: 'Deployment',
                metadata: { name: 'cart-service', namespace: 'shop' },
                spec: { template: { spec: pod('x', 'cart-service').spec } },
              },
            ]
          : [],
      },
      '/api/v1/secrets': {
        kind: 'SecretList',
        items: [
          {
            kind: 'Secret',
            metadata: { name: 'keys' },
            data: { api: 'c2VjcmV0' },
          },
        ],
      },
    };
    const body = items[url.pathname] ?? { kind: 'List', items: [] };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

describe('kubernetes-backend runway-read-scope', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const developer = mockServices.httpAuth.factory({
    defaultCredentials: mockCredentials.user('user:default/jane'),
  });

  beforeAll(async () => {
    cluster = await startCluster();
    backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        readScope,
        developer,
        catalogServiceMock.factory({
          entities: [
            component('cart-service', {
              'backstage.io/kubernetes-id': 'cart-service',
            }),
            // Registered by anyone: an id that would add a term to the selector.
            component('widening', {
              'backstage.io/kubernetes-id': 'x,app.kubernetes.io/part-of',
            }),
            // Registered by anyone: claims its own id but selects payments-api's pods.
            component('sneaky', {
              'backstage.io/kubernetes-id': 'sneaky',
              'backstage.io/kubernetes-label-selector':
                'backstage.io/kubernetes-id=payments-api',
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'devstack',
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: TOKEN,
                      skipMetricsLookup: true,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
  });

  beforeEach(() => {
    cluster.asked.length = 0;
  });

  const podsIn = (body: any) =>
    body.items.flatMap((i: any) =>
      i.resources
        .filter((r: any) => r.type === 'pods')
        .flatMap((r: any) => r.resources),
    );

  it('gives a developer the pods of their service on the service page', async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/services/cart-service')
      .send({ entity: component('cart-service', {}) });
    expect(res.status).toBe(200);
    expect(podsIn(res.body).map((p: any) => p.metadata.name)).toEqual([
      'cart-service-7d9f-abcde',
    ]);
    expect(res.body.items[0].errors).toEqual([]);
  });

  it('fetches only workload kinds, never ConfigMaps or Secrets', async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/resources/workloads/query')
      .send({ entityRef: 'component:default/cart-service' });
    expect(res.status).toBe(200);
    expect(podsIn(res.body)).toHaveLength(1);
    const paths = cluster.asked.map(a => a.split('?')[0]);
    expect(paths).toContain('/api/v1/pods');
    expect(paths).toContain('/apis/apps/v1/deployments');
    expect(paths).not.toContain('/api/v1/configmaps');
    expect(paths).not.toContain('/api/v1/secrets');
  });

  it('refuses a custom query for Secrets without asking the cluster', async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/resources/custom/query')
      .send({
        entityRef: 'component:default/cart-service',
        customResources: [{ group: '', apiVersion: 'v1', plural: 'secrets' }],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /customResources: secrets cannot be read through an entity/,
    );
    expect(cluster.asked).toEqual([]);
  });

  it('refuses RBAC through a custom query too', async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/resources/custom/query')
      .send({
        entityRef: 'component:default/cart-service',
        customResources: [
          { group: '', apiVersion: 'v1', plural: 'pods' },
          {
            group: 'rbac.authorization.k8s.io',
            apiVersion: 'v1',
            plural: 'clusterroles',
          },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /clusterroles\.rbac\.authorization\.k8s\.io/,
    );
    expect(cluster.asked).toEqual([]);
  });

  it('answers a custom query for an allowed kind', async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/resources/custom/query')
      .send({
        entityRef: 'component:default/cart-service',
        customResources: [{ group: '', apiVersion: 'v1', plural: 'pods' }],
      });
    expect(res.status).toBe(200);
    expect(res.body.items[0].resources[0].resources[0].metadata.name).toBe(
      'cart-service-7d9f-abcde',
    );
  });

  it('ignores a label-selector annotation: an entity cannot read another service’s pods', async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/resources/workloads/query')
      .send({ entityRef: 'component:default/sneaky' });
    expect(res.status).toBe(200);
    expect(podsIn(res.body)).toEqual([]);
    expect(new Set(cluster.asked.map(a => a.split('?')[1]))).toEqual(
      new Set(['backstage.io/kubernetes-id=sneaky']),
    );
  });

  it('refuses an entity whose kubernetes-id is not a label value', async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/resources/workloads/query')
      .send({ entityRef: 'component:default/widening' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /metadata\.annotations\.backstage\.io\/kubernetes-id: 'x,app\.kubernetes\.io\/part-of' is not a Kubernetes label value/,
    );
    expect(cluster.asked).toEqual([]);
  });

  it('hides literal env values, keeps references, drops the last-applied manifest', async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/services/cart-service')
      .send({ entity: component('cart-service', {}) });
    const [p] = podsIn(res.body);
    expect(p.spec.containers[0].env).toEqual([
      { name: 'DB_PASSWORD', value: '(hidden)' },
      {
        name: 'API_KEY',
        valueFrom: { secretKeyRef: { name: 'keys', key: 'api' } },
      },
    ]);
    expect(p.spec.initContainers[0].env).toEqual([
      { name: 'DB_PASSWORD', value: '(hidden)' },
    ]);
    expect(p.metadata.annotations).toEqual({});
    const deployment = res.body.items[0].resources.find(
      (r: any) => r.type === 'deployments',
    ).resources[0];
    expect(deployment.spec.template.spec.containers[0].env[0]).toEqual({
      name: 'DB_PASSWORD',
      value: '(hidden)',
    });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });
});
