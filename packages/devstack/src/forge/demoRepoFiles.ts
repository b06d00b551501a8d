/**
 * The files of a demo Component's repository at each point of its short history: README, the
 * entity's catalog-info.yaml, Kubernetes manifests Argo CD syncs from deploy/, and a CI workflow.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OrgComponent } from '../seed/loadOrg';

/** The demo images' registry (as platform-config's apps/ name it); nothing is pulled from it. */
export const DEMO_REGISTRY = 'registry.acme.example';
export const CI_WORKFLOW = '.github/workflows/ci.yaml';

/** What changes along the history: probe timings, then tracing (which needed a collector in CI). */
export interface Revision {
  readinessTimeoutSeconds: number;
  tracing: boolean;
  collectorInCi: boolean;
}

type Language = 'go' | 'typescript' | 'python';

function languageOf(entity: OrgComponent['entity']): Language {
  const tags: string[] = entity.metadata?.tags ?? [];
  if (tags.includes('typescript') || tags.includes('nodejs'))
    return 'typescript';
  if (tags.includes('python')) return 'python';
  return 'go';
}

export function demoRepoFiles(
  component: OrgComponent,
  revision: Revision,
): Record<string, string | Buffer> {
  const { entity } = component;
  const name = entity.metadata.name as string;
  const kubernetesId =
    entity.metadata.annotations?.['backstage.io/kubernetes-id'] ?? name;
  // Names and ids are DNS labels ([a-z0-9-]), so they go into the YAML unquoted.
  const labels = (indent: string) =>
    `${indent}app.kubernetes.io/name: ${name}\n${indent}backstage.io/kubernetes-id: ${kubernetesId}`;
  const files: Record<string, string | Buffer> = {
    'README.md': readme(component, revision),
    'catalog-info.yaml': component.catalogInfo,
    'deploy/kustomization.yaml': `# Argo CD renders this folder with Kustomize. The image tag is not kept here: platform-config's
# apps/${name}/<stage>.yaml sets it (spec.source.kustomize.images), one place per stage.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
  - service.yaml
`,
    'deploy/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels:
${labels('    ')}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
`,
    'deploy/deployment.yaml': deployment(name, labels, revision),
    [CI_WORKFLOW]: ciWorkflow(languageOf(entity), revision),
  };
  // A Component kept with its TechDocs in examples/ brings them along (techdocs-ref dir:.).
  if (component.dir) {
    for (const file of fs.readdirSync(component.dir, {
      recursive: true,
    }) as string[]) {
      const full = path.join(component.dir, file);
      if (file !== 'catalog-info.yaml' && fs.statSync(full).isFile())
        files[file.split(path.sep).join('/')] = fs.readFileSync(full);
    }
  }
  return files;
}

function deployment(
  name: string,
  labels: (indent: string) => string,
  revision: Revision,
) {
  const tracing = revision.tracing
    ? `
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: http://otel-collector.observability:4317
            - name: OTEL_SERVICE_NAME
              value: ${name}`
    : '';
  return `# ${name}: non-root, read-only root filesystem, no capabilities. The image tag is a placeholder:
# Argo CD deploys the tag platform-config sets for the stage (through kustomization.yaml).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
${labels('    ')}
spec:
  replicas: 2
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
${labels('        ')}
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        runAsGroup: 1000
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: ${name}
          image: ${DEMO_REGISTRY}/${name}:bootstrap
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: PORT
              value: '8080'${tracing}
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 5
            timeoutSeconds: ${revision.readinessTimeoutSeconds}
            failureThreshold: 2
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 5
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
            runAsGroup: 1000
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            privileged: false
            capabilities:
              drop:
                - ALL
            seccompProfile:
              type: RuntimeDefault
`;
}

function readme(component: OrgComponent, revision: Revision) {
  const { entity } = component;
  const name = entity.metadata.name as string;
  const owner = String(entity.spec?.owner ?? '').replace(
    /^group:(default\/)?/,
    '',
  );
  return [
    `# ${entity.metadata.title ?? name}`,
    '',
    String(entity.metadata.description ?? '').trim(),
    '',
    `Owned by \`${owner}\`${
      entity.spec?.system ? ` (system \`${entity.spec.system}\`)` : ''
    }; registered in Runway's catalogue from [catalog-info.yaml](catalog-info.yaml).`,
    '',
    '## Delivery',
    '',
    `CI ([ci.yaml](${CI_WORKFLOW})) lints and tests every pull request and every push to \`main\`.`,
    `Argo CD syncs [deploy/](deploy/) with Kustomize; \`apps/${name}/staging.yaml\` and`,
    '`production.yaml` in acme/platform-config choose the image tag of each stage, and',
    `\`yarn runway deploy bump --service ${name}\` changes it through a pull request.`,
    ...(revision.tracing
      ? [
          '',
          '## Tracing',
          '',
          'Spans go to the OpenTelemetry collector (`OTEL_EXPORTER_OTLP_ENDPOINT`), service name',
          `\`${name}\`.`,
        ]
      : []),
    '',
  ].join('\n');
}

/** Each language's steps after checkout: set up, then lint, then test (YAML at 6 spaces). */
const STEPS: Record<Language, { setup: string; lint: string; test: string }> = {
  go: {
    setup: `      - uses: actions/setup-go@v5
        with:
          go-version-file: go.mod`,
    lint: `      - name: golangci-lint
        uses: golangci/golangci-lint-action@v6`,
    test: `      - name: Run tests
        run: go test -race ./...`,
  },
  typescript: {
    setup: `      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - name: Install dependencies
        run: npm ci`,
    lint: `      - name: Lint
        run: npm run lint`,
    test: `      - name: Run tests
        run: npm test`,
  },
  python: {
    setup: `      - uses: actions/setup-python@v5
        with:
          python-version: '3.12'
          cache: pip
      - name: Install dependencies
        run: pip install -r requirements.txt`,
    lint: `      - name: Lint
        run: ruff check .`,
    test: `      - name: Run tests
        run: pytest`,
  },
};

function ciWorkflow(language: Language, revision: Revision) {
  const steps = STEPS[language];
  const collector = revision.collectorInCi
    ? `
    services:
      otel-collector:
        image: otel/opentelemetry-collector:0.115.0
        ports:
          - 4317:4317
    env:
      OTEL_EXPORTER_OTLP_ENDPOINT: http://localhost:4317`
    : '';
  return `# Lints and tests every pull request and every push to main.
name: CI
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  lint:
    name: Lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${steps.setup}
${steps.lint}
      - name: Validate Kubernetes manifests
        run: kubectl kustomize deploy | kubeconform -strict -summary -
  test:
    name: Test
    runs-on: ubuntu-latest${collector}
    steps:
      - uses: actions/checkout@v4
${steps.setup}
${steps.test}
`;
}
