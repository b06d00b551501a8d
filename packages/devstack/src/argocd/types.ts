/** Argo CD's REST API v1 shapes (v1alpha1.Application), as far as Runway and Roadie's plugin read them. */

export type HealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Missing'
  | 'Suspended'
  | 'Unknown';
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

export interface ApplicationSource {
  repoURL: string;
  targetRevision?: string;
  path?: string;
  kustomize?: { images?: string[] };
  directory?: { recurse?: boolean };
}

export interface HistoryEntry {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt: string;
  source: ApplicationSource;
}

export interface ApplicationStatus {
  sync: { status: SyncStatus; revision?: string; comparedTo?: unknown };
  health: { status: HealthStatus; message?: string };
  conditions?: { type: string; message: string; lastTransitionTime: string }[];
  operationState?: {
    operation: { sync: { revision?: string } };
    phase: 'Running' | 'Succeeded' | 'Failed' | 'Error';
    message: string;
    startedAt: string;
    finishedAt?: string;
    syncResult?: { revision: string; source: ApplicationSource };
  };
  history: HistoryEntry[];
  reconciledAt: string;
  sourceType?: string;
  summary: { images: string[] };
}

export interface Application {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Application';
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
    generation: number;
  };
  spec: {
    project: string;
    source: ApplicationSource;
    destination: { server?: string; name?: string; namespace: string };
    syncPolicy?: unknown;
  };
  status: ApplicationStatus;
}

/** The health a test or `POST /_devstack/argocd/faults` forces on one Application. */
export interface ArgoCdFault {
  application: string;
  health: Exclude<HealthStatus, 'Healthy'>;
  message: string;
}
