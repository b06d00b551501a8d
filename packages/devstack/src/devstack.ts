/**
 * The devstack: Runway's stand-ins for GitHub, Slack, SMTP and the identity provider (Okta, and
 * Entra ID with Microsoft Graph), Argo CD and a Kubernetes API server on one machine, with no
 * accounts. One HTTP origin serves the forge (REST, GraphQL, git), the Slack Web API, Okta's Users
 * API, Entra's token endpoint, Graph, Argo CD's API (`/argocd`), the cluster (`/k8s`) and the
 * web view; SMTP listens on its own port. Tests start it with
 * startDevstack(); `yarn devstack` runs it.
 */
import express from 'express';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  ArgoCdStandIn,
  DEFAULT_PROGRESSING_MS,
  createArgoCdFaultsRouter,
  createArgoCdRouter,
} from './argocd';
import { FaultController, FaultSpec } from './faults';
import { createFaultsRouter } from './faultsRouter';
import { Forge, createForge } from './forge/forge';
import { BOT_LOGIN } from './forge/seed';
import {
  DEFAULT_OKTA_API_TOKEN,
  DEFAULT_OKTA_HOOK_HEADER,
  DEFAULT_OKTA_HOOK_SECRET,
  DEFAULT_OKTA_HOOK_URL,
  OktaState,
  createIdpAdminRouter,
  createIdpWebRouter,
  createOktaApiRouter,
} from './idp';
import {
  DEFAULT_ENTRA_CLIENT_ID,
  DEFAULT_ENTRA_CLIENT_SECRET,
  DEFAULT_ENTRA_TENANT_ID,
  EntraApp,
  EntraState,
  GraphSubscriptions,
  GraphTokens,
  createEntraAdminRouter,
  createEntraTokenRouter,
  createGraphRouter,
} from './idp/entra';
import { createEntraWebRouter } from './idp/entra/entraPage';
import { KubernetesApiStandIn } from './kubernetes/KubernetesApiStandIn';
import { createKubernetesRouter } from './kubernetes/kubernetesRouter';
import { seedDemoWorkloads } from './kubernetes/seedWorkloads';
import { loadOrg } from './seed/loadOrg';
import { SlackState, createSlackRouter } from './slack';
import { createSlackProvisioningRouter } from './slack/provisioningRouter';
import { SmtpStandIn, startSmtp } from './smtp';
import { createWebRouter } from './web/webRouter';

export interface DevstackOptions {
  /** HTTP port; 0 picks a free one. Default 7070. */
  port?: number;
  /** Where repositories and state are kept; default a fresh temporary directory. */
  dataDir?: string;
  /** The demo organisation and platform-config seed; default the repository's examples/. */
  examplesDir?: string;
  /** GitHub token of Runway's bot; default `devstack-token`. */
  githubToken?: string;
  /** SMTP port; 0 picks a free one. Default 7025. */
  smtpPort?: number;
  /** Slack bot token; default `xoxb-devstack`. */
  slackToken?: string;
  /** The identity-provider stand-in (Okta): where its event hook goes, and its credentials. */
  okta?: {
    /** Runway's event hook endpoint; default `http://localhost:7007/api/onboarding/okta/hook`. */
    hookUrl?: string;
    /** The hook's header secret (`runway.onboarding.okta.hookSecret`); default `devstack-okta-hook-secret`. */
    hookSecret?: string;
    /** The header it goes in (`runway.onboarding.okta.hookHeader`); default `Authorization`. */
    hookHeader?: string;
    /** The Users API token, presented as `SSWS <token>`; default `devstack-okta-token`. */
    apiToken?: string;
    /** How long a hook call waits for Runway's answer; default 10 000 ms. */
    hookTimeoutMs?: number;
  };
  /**
   * The identity-provider stand-in playing Entra ID: the app registration Runway signs in as
   * (`runway.onboarding.graph`). Runway's notification URL comes with its subscription.
   */
  entra?: {
    /** Default `b1d0c5e2-7f3a-4d6b-8c9e-0d1e2f3a4b5c`. */
    tenantId?: string;
    /** Default `3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9`. */
    clientId?: string;
    /** Default `devstack-graph-client-secret`. */
    clientSecret?: string;
    /** How long a validation or a notification waits for Runway's answer; default 10 000 ms. */
    notificationTimeoutMs?: number;
  };
  /** The Argo CD API stand-in (`<base>/argocd/api/v1`). */
  argocd?: {
    /** The API token, sent as `Authorization: Bearer <token>`; default `devstack-argocd-token`. */
    token?: string;
    /** How long a new sync stays Progressing before Healthy; default 1500 ms (tests: 0). */
    progressingMs?: number;
    /** The controller's clock (milliseconds since the epoch); tests pass one they move. */
    now?: () => number;
  };
  /** The Kubernetes API stand-in (`<base>/k8s`), the cluster Argo CD deploys into. */
  kubernetes?: {
    /** The service account token, sent as `Authorization: Bearer <token>`; default `devstack-k8s-token`. */
    token?: string;
    /** Run the demo Components' workloads at start (default true). */
    seedDemoWorkloads?: boolean;
  };
  /** Check every forge answer against GitHub's description (tests). */
  validateResponses?: boolean;
  host?: string;
}

export interface Devstack {
  urls: {
    base: string;
    githubApi: string;
    githubGraphql: string;
    githubHost: string;
    /** For @slack/web-api's `slackApiUrl` (ends with a slash, as WebClient expects). */
    slackApi: string;
    smtpHost: string;
    smtpPort: number;
    /** Okta's org URL (`<base>/okta`), for `runway.onboarding.okta.orgUrl`. */
    oktaOrgUrl: string;
    /** Graph (`<base>/graph/v1.0`), for `runway.onboarding.graph.apiBaseUrl`. */
    graphApi: string;
    /** Entra's token endpoint, for `runway.onboarding.graph.tokenUrl`. */
    entraTokenUrl: string;
    /** Argo CD's server URL (`<base>/argocd`); its API is under `/api/v1`. */
    argocd: string;
    /** Argo CD's API base (`<base>/argocd/api/v1`). */
    argocdApi: string;
    /** The Kubernetes API server URL (`<base>/k8s`), for a `kubernetes.clusterLocatorMethods` cluster. */
    kubernetes: string;
  };
  githubToken: string;
  slackToken: string;
  /** The Users API token of the Okta stand-in (`runway.onboarding.okta.apiToken`). */
  oktaApiToken: string;
  forge: Forge;
  slack: SlackState;
  smtp: SmtpStandIn;
  /** The identity-provider stand-in: its users, hiring and letting go, its event hook deliveries. */
  okta: OktaState;
  /** The same, playing Entra ID: its users, Graph's subscriptions and the notifications sent. */
  entra: EntraState;
  /** The app registration Runway signs in to Entra ID as (`runway.onboarding.graph`). */
  entraApp: EntraApp;
  /** Argo CD's API token (`Bearer devstack-argocd-token`). */
  argocdToken: string;
  /** The cluster's service account token (`Bearer devstack-k8s-token`). */
  kubernetesToken: string;
  /** The Argo CD stand-in: its Applications, reconcile, and health faults. */
  argocd: ArgoCdStandIn;
  /** The Kubernetes API stand-in served at `/k8s`: what Argo CD deployed and the demo workloads. */
  kubernetes: KubernetesApiStandIn;
  faults: FaultController;
  injectFault(spec: FaultSpec): void;
  stop(): Promise<void>;
}

export const DEFAULT_PORT = 7070;
export const DEFAULT_GITHUB_TOKEN = 'devstack-token';
export const DEFAULT_SMTP_PORT = 7025;
export const DEFAULT_SLACK_TOKEN = 'xoxb-devstack';
export const DEFAULT_ARGOCD_TOKEN = 'devstack-argocd-token';
export const DEFAULT_KUBERNETES_TOKEN = 'devstack-k8s-token';
export { DEFAULT_PROGRESSING_MS };
export {
  DEFAULT_OKTA_API_TOKEN,
  DEFAULT_OKTA_HOOK_HEADER,
  DEFAULT_OKTA_HOOK_SECRET,
  DEFAULT_OKTA_HOOK_URL,
  DEFAULT_ENTRA_CLIENT_ID,
  DEFAULT_ENTRA_CLIENT_SECRET,
  DEFAULT_ENTRA_TENANT_ID,
};

export async function startDevstack(
  options: DevstackOptions = {},
): Promise<Devstack> {
  const examplesDir =
    options.examplesDir ??
    path.resolve(
      path.dirname(require.resolve('@runway/devstack/package.json')),
      '../../examples',
    );
  const dataDir =
    options.dataDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'runway-devstack-'));
  const githubToken = options.githubToken ?? DEFAULT_GITHUB_TOKEN;
  const org = loadOrg(examplesDir);
  const faults = new FaultController();

  const app = express();
  // The port is bound first (the forge's URLs need it), but nothing is answered until the forge
  // is seeded: a request that arrives early waits instead of getting a 404 from an empty forge.
  let seeded!: () => void;
  const ready = new Promise<void>(resolve => (seeded = resolve));
  app.use((_req, _res, next) => {
    ready.then(() => next());
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(
      options.port ?? DEFAULT_PORT,
      options.host ?? '127.0.0.1',
      resolve,
    );
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://localhost:${port}`;

  const forge = await createForge({
    baseUrl: base,
    dataDir,
    org,
    tokens: {
      [githubToken]: BOT_LOGIN,
      ...Object.fromEntries(
        org.users.map(u => [`devstack-${u.login}`, u.login]),
      ),
    },
    faults,
    platformConfigDir: path.join(examplesDir, 'platform-config'),
    validateResponses: options.validateResponses,
  });
  const slackToken = options.slackToken ?? DEFAULT_SLACK_TOKEN;
  const slack = new SlackState(org);
  const smtp = await startSmtp({
    port: options.smtpPort ?? DEFAULT_SMTP_PORT,
    host: options.host ?? '127.0.0.1',
  });
  const oktaApiToken = options.okta?.apiToken ?? DEFAULT_OKTA_API_TOKEN;
  const okta = new OktaState({
    org,
    slack,
    orgUrl: `${base}/okta`,
    hook: {
      url: options.okta?.hookUrl ?? DEFAULT_OKTA_HOOK_URL,
      secret: options.okta?.hookSecret ?? DEFAULT_OKTA_HOOK_SECRET,
      header: options.okta?.hookHeader ?? DEFAULT_OKTA_HOOK_HEADER,
      timeoutMs: options.okta?.hookTimeoutMs,
    },
  });

  const entraApp: EntraApp = {
    tenantId: options.entra?.tenantId ?? DEFAULT_ENTRA_TENANT_ID,
    clientId: options.entra?.clientId ?? DEFAULT_ENTRA_CLIENT_ID,
    clientSecret: options.entra?.clientSecret ?? DEFAULT_ENTRA_CLIENT_SECRET,
  };
  const entra = new EntraState({
    org,
    slack,
    subscriptions: new GraphSubscriptions({
      tenantId: entraApp.tenantId,
      timeoutMs: options.entra?.notificationTimeoutMs,
    }),
  });
  const graphTokens = new GraphTokens();

  const kubernetesToken = options.kubernetes?.token ?? DEFAULT_KUBERNETES_TOKEN;
  const kubernetes = new KubernetesApiStandIn(`${base}/k8s`);
  if (options.kubernetes?.seedDemoWorkloads !== false)
    seedDemoWorkloads(kubernetes, examplesDir);
  const argocdToken = options.argocd?.token ?? DEFAULT_ARGOCD_TOKEN;
  const argocd = new ArgoCdStandIn({
    forge,
    kubernetes,
    progressingMs: options.argocd?.progressingMs,
    now: options.argocd?.now,
  });

  app.get('/_devstack/health', (_req, res) => res.json({ ok: true }));
  app.use(createFaultsRouter(faults));
  app.use(createSlackProvisioningRouter(slack));
  app.use(createIdpAdminRouter(okta));
  app.use('/okta', createOktaApiRouter({ okta, apiToken: oktaApiToken }));
  app.use(createEntraAdminRouter(entra));
  app.use(
    '/entra',
    createEntraTokenRouter({ app: entraApp, tokens: graphTokens }),
  );
  app.use(
    '/graph',
    createGraphRouter({ entra, app: entraApp, tokens: graphTokens }),
  );
  // Before the forge and the read-only web view: the identity provider's admin console posts.
  app.use(createIdpWebRouter({ okta, org }));
  app.use(createEntraWebRouter({ entra, app: entraApp, org }));
  app.use(
    '/slack/api',
    createSlackRouter({ state: slack, tokens: [slackToken], faults }),
  );
  app.use(createArgoCdFaultsRouter(argocd));
  app.use('/argocd', createArgoCdRouter({ argocd, token: argocdToken }));
  app.use(
    '/k8s',
    createKubernetesRouter({
      standIn: kubernetes,
      token: kubernetesToken,
      // What Argo CD has synced by now shows in the cluster.
      beforeRequest: () => argocd.reconcile(),
    }),
  );
  app.use(forge.router);
  app.use(createWebRouter({ forge, slack, smtp }));
  seeded();

  return {
    urls: {
      base,
      githubApi: `${base}/api/v3`,
      githubGraphql: `${base}/api/graphql`,
      githubHost: `localhost:${port}`,
      slackApi: `${base}/slack/api/`,
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      oktaOrgUrl: okta.orgUrl,
      graphApi: `${base}/graph/v1.0`,
      entraTokenUrl: `${base}/entra/${encodeURIComponent(
        entraApp.tenantId,
      )}/oauth2/v2.0/token`,
      argocd: `${base}/argocd`,
      argocdApi: `${base}/argocd/api/v1`,
      kubernetes: `${base}/k8s`,
    },
    githubToken,
    slackToken,
    oktaApiToken,
    forge,
    slack,
    smtp,
    okta,
    entra,
    entraApp,
    argocdToken,
    kubernetesToken,
    argocd,
    kubernetes,
    faults,
    injectFault: spec => faults.inject(spec),
    stop: async () => {
      await argocd.reconcile().catch(() => undefined);
      await forge.webhooks.idle();
      await smtp.stop();
      await new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
