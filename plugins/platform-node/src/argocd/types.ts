/**
 * The parts of Argo CD's Application (REST API v1, `v1alpha1.Application`) Runway reads: where it
 * deploys from and to, and whether it is synced and healthy.
 */

export type ArgoCdSyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

export type ArgoCdHealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';

export interface ArgoCdApplicationCondition {
  /** e.g. ComparisonError, InvalidSpecError, SyncError, OrphanedResourceWarning. */
  type: string;
  message?: string;
}

export interface ArgoCdOperationState {
  /** Running, Succeeded, Failed, Error or Terminating. */
  phase: string;
  message?: string;
  finishedAt?: string;
}

export interface ArgoCdApplication {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: {
    project?: string;
    source?: {
      repoURL?: string;
      targetRevision?: string;
      path?: string;
      kustomize?: { images?: string[] };
    };
    destination?: { server?: string; namespace?: string };
  };
  status?: {
    sync?: { status?: ArgoCdSyncStatus; revision?: string };
    health?: { status?: ArgoCdHealthStatus; message?: string };
    conditions?: ArgoCdApplicationCondition[];
    operationState?: ArgoCdOperationState;
    reconciledAt?: string;
  };
}
