/**
 * Lets a Jest test follow the real Kubernetes backend to an http stand-in cluster configured with
 * a service-account token. Jest cannot load @kubernetes/client-node (ESM only), which the backend
 * imports before answering with that token and before building an http request (only to read an
 * https cluster's CA): these answer as the backend's own code does for such a cluster.
 */
export function answerLikeTheKubernetesClientInJest(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const {
    ServiceAccountStrategy,
  } = require('@backstage/plugin-kubernetes-backend/dist/auth/ServiceAccountStrategy.cjs.js');
  const {
    KubernetesConnection,
  } = require('@backstage/plugin-kubernetes-backend/dist/service/KubernetesConnection.cjs.js');
  /* eslint-enable @typescript-eslint/no-require-imports */
  jest
    .spyOn(ServiceAccountStrategy.prototype, 'getCredential')
    .mockImplementation(async (...args: unknown[]) => {
      const [clusterDetails] = args as [
        { authMetadata: { serviceAccountToken?: string } },
      ];
      return {
        type: 'bearer token',
        token: clusterDetails.authMetadata.serviceAccountToken,
      };
    });
  jest
    .spyOn(KubernetesConnection.prototype, 'fetchArgs')
    .mockImplementation(async function fetchArgs(
      this: { buildRequestHeaders(credential: unknown): object },
      ...args: unknown[]
    ) {
      const [clusterDetails, credential] = args as [{ url: string }, unknown];
      return [
        new URL(clusterDetails.url),
        {
          method: 'GET',
          headers: this.buildRequestHeaders(credential),
          redirect: 'manual',
        },
      ];
    });
}
