/**
 * The Kubernetes API stand-in served over HTTP at `<devstack>/k8s`, read the way Backstage's
 * kubernetes-backend reads a cluster: every kind it lists, cluster-wide by label selector, with
 * the demo Components' workloads seeded; and through @kubernetes/client-node, path prefix and all.
 */
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Devstack, startDevstack } from '../devstack';
import { getJson } from '../argocd/__testUtils__/platformConfig';

jest.setTimeout(60_000);

let devstack: Devstack;
const k8s = (path: string) =>
  getJson(`${devstack.urls.kubernetes}${path}`, devstack.kubernetesToken);
const byId = (id: string) =>
  `labelSelector=${encodeURIComponent(`backstage.io/kubernetes-id=${id}`)}`;

beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack.stop());

// @backstage/plugin-kubernetes-backend's DEFAULT_OBJECTS (KubernetesFanOutHandler).
const FETCHED = [
  '/api/v1/pods',
  '/api/v1/services',
  '/api/v1/configmaps',
  '/api/v1/limitranges',
  '/api/v1/resourcequotas',
  '/apis/apps/v1/deployments',
  '/apis/apps/v1/replicasets',
  '/apis/autoscaling/v2/horizontalpodautoscalers',
  '/apis/batch/v1/jobs',
  '/apis/batch/v1/cronjobs',
  '/apis/networking.k8s.io/v1/ingresses',
  '/apis/apps/v1/statefulsets',
  '/apis/apps/v1/daemonsets',
];

it('answers 401 with a Kubernetes Status without the service account token', async () => {
  const { status, body } = await getJson(
    `${devstack.urls.kubernetes}/api/v1/pods`,
  );
  expect(status).toBe(401);
  expect(body).toMatchObject({
    kind: 'Status',
    reason: 'Unauthorized',
    code: 401,
  });
});

it('lists every kind the kubernetes-backend fetches, cluster-wide and by label selector', async () => {
  for (const path of FETCHED) {
    const { status, body } = await k8s(`${path}?${byId('cart-service')}`);
    expect({ path, status }).toEqual({ path, status: 200 });
    expect(body.kind).toMatch(/List$/);
    expect(Array.isArray(body.items)).toBe(true);
  }
});

it("runs each demo Component's workload: 2 Running pods in the namespace of its name", async () => {
  const pods = await k8s(`/api/v1/pods?${byId('cart-service')}`);
  expect(pods.body.items).toHaveLength(2);
  for (const pod of pods.body.items) {
    expect(pod.metadata.namespace).toBe('cart-service');
    expect(pod.status.phase).toBe('Running');
    expect(pod.status.containerStatuses.every((c: any) => c.ready)).toBe(true);
  }
  const deployments = await k8s(
    `/apis/apps/v1/namespaces/cart-service/deployments?${byId('cart-service')}`,
  );
  expect(deployments.body.items.map((d: any) => d.metadata.name)).toEqual([
    'cart-service',
  ]);
  // The Components in examples/components/<name>/ too.
  expect(
    (await k8s(`/api/v1/pods?${byId('payments-api')}`)).body.items,
  ).toHaveLength(2);
  expect((await k8s(`/api/v1/pods?${byId('nobody')}`)).body.items).toEqual([]);
});

it('gets one object, or a NotFound Status', async () => {
  const service = await k8s(
    '/api/v1/namespaces/cart-service/services/cart-service',
  );
  expect(service.body.spec.ports[0]).toMatchObject({ port: 80 });
  const missing = await k8s('/api/v1/namespaces/cart-service/services/nope');
  expect(missing.status).toBe(404);
  expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound' });
});

it('serves @kubernetes/client-node at the /k8s path prefix', async () => {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'devstack',
        server: devstack.urls.kubernetes,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'backstage', token: devstack.kubernetesToken }],
    contexts: [{ name: 'devstack', cluster: 'devstack', user: 'backstage' }],
    currentContext: 'devstack',
  });
  const pods = await kc.makeApiClient(CoreV1Api).listPodForAllNamespaces({
    labelSelector: 'backstage.io/kubernetes-id=order-service',
  });
  expect(pods.items.map(p => p.status?.phase)).toEqual(['Running', 'Running']);
  const deployment = await kc
    .makeApiClient(AppsV1Api)
    .readNamespacedDeployment({
      name: 'order-service',
      namespace: 'order-service',
    });
  expect(deployment.status?.readyReplicas).toBe(2);
});
