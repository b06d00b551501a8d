/**
 * What a Deployment controller and kubelet would make of a Deployment: its ReplicaSet and Running,
 * ready Pods, stored in the Kubernetes stand-in so the Kubernetes tab shows a live workload.
 */
import crypto from 'node:crypto';
import { KubernetesApiStandIn, StoredObject } from './KubernetesApiStandIn';

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

// The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes).
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(seed: string, length: number): string {
  const bytes = crypto.createHash('sha256').update(seed).digest();
  return Array.from(bytes.subarray(0, length), b => ALPHABET[b % 27]).join('');
}

const refOf = (o: StoredObject): ObjectRef => ({
  kind: o.kind,
  name: o.metadata.name,
  namespace: o.metadata.namespace,
});

const ownerOf = (o: StoredObject) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  uid: o.metadata.uid,
  controller: true,
  blockOwnerDeletion: true,
});

/**
 * Stores `deployment` with a rolled-out status, its current ReplicaSet and `spec.replicas` Running
 * pods; ReplicaSets of an older pod template go, with their pods. Returns every object stored.
 */
export function runDeployment(
  k8s: KubernetesApiStandIn,
  deployment: any,
  startedAt: string,
): ObjectRef[] {
  const { name, namespace } = deployment.metadata;
  const replicas: number = deployment.spec?.replicas ?? 1;
  const template = deployment.spec.template;
  const hash = suffix(JSON.stringify(template), 10);
  const selector: Record<string, string> =
    deployment.spec.selector?.matchLabels ?? {};

  for (const old of k8s.list('ReplicaSet', namespace))
    if (
      old.metadata.name.startsWith(`${name}-`) &&
      old.metadata.labels?.['pod-template-hash'] !== hash
    ) {
      for (const pod of k8s.list('Pod', namespace))
        if (pod.metadata.name.startsWith(`${old.metadata.name}-`))
          k8s.delete('Pod', pod.metadata.name, namespace);
      k8s.delete('ReplicaSet', old.metadata.name, namespace);
    }

  const available = {
    replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
  };
  const stored = k8s.put({
    ...deployment,
    // The defaults a real API server fills in (the Kubernetes tab shows them).
    spec: {
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      minReadySeconds: 0,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      ...deployment.spec,
    },
    status: {
      observedGeneration: 1,
      updatedReplicas: replicas,
      ...available,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
          lastTransitionTime: startedAt,
          lastUpdateTime: startedAt,
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${name}-${hash}" has successfully progressed.`,
          lastTransitionTime: startedAt,
          lastUpdateTime: startedAt,
        },
      ],
    },
  });
  const podLabels = { ...template.metadata?.labels, 'pod-template-hash': hash };
  const replicaSet = k8s.put({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      namespace,
      labels: podLabels,
      ownerReferences: [ownerOf(stored)],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...selector, 'pod-template-hash': hash } },
      template: {
        ...template,
        metadata: { ...template.metadata, labels: podLabels },
      },
    },
    status: {
      ...available,
      fullyLabeledReplicas: replicas,
      observedGeneration: 1,
    },
  });
  const pods = Array.from({ length: replicas }, (_, i) =>
    k8s.put(
      runningPod(
        `${replicaSet.metadata.name}-${suffix(
          `${replicaSet.metadata.name}/${i}`,
          5,
        )}`,
        namespace,
        podLabels,
        template.spec,
        replicaSet,
        startedAt,
      ),
    ),
  );
  return [stored, replicaSet, ...pods].map(refOf);
}

function runningPod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  spec: any,
  owner: StoredObject,
  startedAt: string,
) {
  const condition = (type: string) => ({
    type,
    status: 'True',
    lastTransitionTime: startedAt,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels, ownerReferences: [ownerOf(owner)] },
    spec: { ...spec, nodeName: 'devstack-node' },
    status: {
      phase: 'Running',
      conditions: [
        condition('Initialized'),
        condition('Ready'),
        condition('ContainersReady'),
        condition('PodScheduled'),
      ],
      hostIP: '10.0.0.10',
      podIP: `10.244.0.${(owner.metadata.uid.charCodeAt(0) % 200) + 10}`,
      startTime: startedAt,
      qosClass: 'Burstable',
      containerStatuses: (spec.containers ?? []).map((c: any) => ({
        name: c.name,
        image: c.image,
        imageID: `${c.image.replace(/[:@].*$/, '')}@sha256:${crypto
          .createHash('sha256')
          .update(c.image)
          .digest('hex')}`,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt } },
      })),
    },
  };
}
