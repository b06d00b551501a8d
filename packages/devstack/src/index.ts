/** Runway's devstack: local stand-ins for GitHub, Slack, SMTP, the identity provider, Argo CD and Kubernetes. */
export {
  startDevstack,
  DEFAULT_PORT,
  DEFAULT_GITHUB_TOKEN,
  DEFAULT_ARGOCD_TOKEN,
  DEFAULT_KUBERNETES_TOKEN,
  DEFAULT_PROGRESSING_MS,
  DEFAULT_ENTRA_CLIENT_ID,
  DEFAULT_ENTRA_CLIENT_SECRET,
  DEFAULT_ENTRA_TENANT_ID,
} from './devstack';
export type { Devstack, DevstackOptions } from './devstack';
export type { FaultSpec, RandomFaultSpec, InjectedFault } from './faults';
export { mulberry32 } from './faults';
export { openPullRequest } from './forge/openPullRequest';
export { KubernetesApiStandIn } from './kubernetes/KubernetesApiStandIn';
export { ArgoCdStandIn } from './argocd';
export type { Application, ArgoCdFault, HistoryEntry } from './argocd';
export type {
  RecordedRequest,
  StoredObject,
} from './kubernetes/KubernetesApiStandIn';
export type { HireInput, OktaDelivery, OktaState, OktaUser } from './idp';
export type {
  EntraChange,
  EntraState,
  EntraUser,
  GraphDelivery,
  GraphSubscription,
} from './idp/entra';
