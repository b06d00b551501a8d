/** Small policy files written by the tests, so each test knows exactly what should be found. */

export const REPLICAS_POLICY = `id: replicas-at-least-two
title: Deployments run at least two replicas
severity: high
description: One replica means downtime on every node drain.
match:
  kubernetes:
    kinds: [Deployment]
validations:
  - expression: has(object.spec.replicas) && object.spec.replicas >= 2
    message: spec.replicas is below 2
remediation: Set spec.replicas to 2 or more.
`;

export const OWNER_IS_GROUP_POLICY = `id: owner-is-group
title: Components are owned by a team
severity: medium
description: A person leaves; a team stays.
match:
  catalog:
    kinds: [Component]
validations:
  - expression: object.spec.owner.startsWith('group:')
    message: spec.owner names a person, not a group
remediation: Set spec.owner to group:default/<team>.
link: /catalog?filters[kind]=group
`;

export function deployment(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: payments
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/${name}:1.0.0
`;
}

export function component(fields: { name?: string; owner?: string } = {}) {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${fields.name ?? 'payments-api'}
  description: Takes payments.
  annotations:
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: production
  owner: ${fields.owner ?? 'group:default/payments'}
  system: payments
`;
}
