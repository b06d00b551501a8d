/** Runway's devstack: local stand-ins for GitHub, Slack and SMTP. */
export { startDevstack, DEFAULT_PORT, DEFAULT_GITHUB_TOKEN } from './devstack';
export type { Devstack, DevstackOptions } from './devstack';
export type { FaultSpec, RandomFaultSpec, InjectedFault } from './faults';
export { mulberry32 } from './faults';
export { openPullRequest } from './forge/openPullRequest';
export { KubernetesApiStandIn } from './kubernetes/KubernetesApiStandIn';
export type {
  RecordedRequest,
  StoredObject,
} from './kubernetes/KubernetesApiStandIn';
export type { HireInput, OktaDelivery, OktaState, OktaUser } from './idp';
