/**
 * How fast the baseline checks Kubernetes manifests: `count` realistic Deployments, most of them
 * compliant and some with the usual mistakes, checked in one call (YAML parsing included) against
 * policies loaded, and run once on 50 manifests, before the clock starts.
 */
import { performance } from 'node:perf_hooks';
import { defaultPoliciesDir } from './defaultPoliciesDir';
import { loadPolicies } from './policy/loadPolicies';
import type { PolicyInput } from './types';

export async function benchBaseline(
  count = 1000,
): Promise<{ seconds: number; manifests: number; violations: number }> {
  const policies = await loadPolicies(defaultPoliciesDir());
  // Warm the JIT as a long-running backend is: the clock measures throughput, not compilation.
  await policies.check(benchManifests(50));
  const inputs = benchManifests(count);
  const start = performance.now();
  const result = await policies.check(inputs);
  const seconds = (performance.now() - start) / 1000;
  return {
    seconds,
    manifests: inputs.length,
    violations: result.violations.length,
  };
}

/** Every fifth manifest has one mistake, in turn: root, :latest, no limits, escalation. */
export function benchManifests(count: number): PolicyInput[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `bench/team-${i % 20}/deploy/service-${i}.yaml`,
    content: deployment(i),
  }));
}

function deployment(i: number): string {
  const name = `service-${i}`;
  const mistake = i % 5 === 4 ? Math.floor(i / 5) % 4 : -1;
  const podUser =
    mistake === 0
      ? ''
      : '\n        runAsNonRoot: true\n        runAsUser: 1000';
  const tag = mistake === 1 ? 'latest' : `1.${i % 7}.${i % 13}`;
  const limits =
    mistake === 2
      ? ''
      : `\n            limits:\n              cpu: 500m\n              memory: 256Mi`;
  const escalation = mistake === 3 ? 'true' : 'false';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: team-${i % 20}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      automountServiceAccountToken: false
      securityContext:
        seccompProfile:
          type: RuntimeDefault${podUser}
      containers:
        - name: ${name}
          image: images.acme.internal/team-${i % 20}/${name}:${tag}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: PORT
              value: '8080'
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
          resources:
            requests:
              cpu: 100m
              memory: 128Mi${limits}
          securityContext:
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: ${escalation}
            privileged: false
            capabilities:
              drop: [ALL]
`;
}
