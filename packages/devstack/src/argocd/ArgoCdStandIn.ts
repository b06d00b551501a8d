/**
 * The Argo CD stand-in's controller: Applications from platform-config's main branch, each
 * reconciled against the forge on every API read (as Argo CD's refresh would): Progressing for
 * `progressingMs` after a new sync starts, then Healthy and Synced with a history entry and its
 * workload in the Kubernetes stand-in; Degraded when its source is missing or a fault is injected.
 */
import crypto from 'node:crypto';
import { Forge } from '../forge/forge';
import { KubernetesApiStandIn } from '../kubernetes/KubernetesApiStandIn';
import { ObjectRef } from '../kubernetes/workloads';
import { INSTANCE_LABEL, syncIntoCluster } from './deploy';
import {
  DesiredApplication,
  readDesiredApplications,
} from './desiredApplications';
import { SourceReader, manifestsAt, repoOfUrl } from './sourceOnForge';
import {
  Application,
  ApplicationStatus,
  ArgoCdFault,
  HistoryEntry,
} from './types';

export interface ArgoCdStandInOptions {
  forge: Forge;
  kubernetes: KubernetesApiStandIn;
  /** How long a new sync stays Progressing; default 1500 ms. */
  progressingMs?: number;
  /** Milliseconds since the epoch; tests pass a controllable clock. */
  now?: () => number;
  log?: (message: string) => void;
}

/** What the controller remembers of one Application between reconciles. */
interface Tracked {
  uid: string;
  createdAt: string;
  generation: number;
  specJson: string;
  /** The synced manifests' identity: path tree plus images (a change starts a sync). */
  syncKey?: string;
  operation?: {
    revision: string;
    startedAt: number;
    phase: 'Running' | 'Succeeded' | 'Failed';
    message: string;
    finishedAt?: number;
  };
  history: HistoryEntry[];
  deployed: ObjectRef[];
  application?: Application;
}

export const DEFAULT_PROGRESSING_MS = 1500;
const PLATFORM_CONFIG = 'platform-config';

export class ArgoCdStandIn {
  private readonly tracked = new Map<string, Tracked>();
  private readonly faults = new Map<string, ArgoCdFault>();
  private resourceVersion = 1;
  private current?: Promise<void>;
  private pending?: Promise<void>;
  private readonly now: () => number;
  private readonly progressingMs: number;
  private readonly log: (message: string) => void;
  private readonly sources: SourceReader;
  private desiredCache?: { commit: string; apps: DesiredApplication[] };

  constructor(private readonly options: ArgoCdStandInOptions) {
    this.now = options.now ?? Date.now;
    this.progressingMs = options.progressingMs ?? DEFAULT_PROGRESSING_MS;
    this.sources = new SourceReader(options.forge);
    const log = options.log ?? (m => process.stderr.write(`${m}\n`));
    // Every reconcile re-reads git: say each problem once, not on every API call.
    const said = new Set<string>();
    this.log = message => {
      if (said.has(message)) return;
      said.add(message);
      log(message);
    };
  }

  /** Every Application, as of a reconcile that started after this call. */
  async applications(): Promise<Application[]> {
    await this.reconcile();
    return [...this.tracked.values()]
      .map(t => t.application!)
      .filter(Boolean)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  async application(name: string): Promise<Application | undefined> {
    await this.reconcile();
    return this.tracked.get(name)?.application;
  }

  /** Forces a health on an Application (present or still to come) until cleared. */
  injectFault(fault: {
    application: string;
    health?: ArgoCdFault['health'];
    message?: string;
  }) {
    this.faults.set(fault.application, {
      application: fault.application,
      health: fault.health ?? 'Degraded',
      message: fault.message ?? 'injected by the devstack',
    });
  }

  /** Clears one Application's fault, or all of them. */
  clearFault(application?: string) {
    if (application) this.faults.delete(application);
    else this.faults.clear();
  }

  /**
   * Catches up with the forge. Calls made while one runs share the next run, so a caller always
   * sees every push made before it called.
   */
  reconcile(): Promise<void> {
    this.pending ??= (this.current ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        this.pending = undefined;
        this.current = this.run();
        return this.current;
      });
    return this.pending;
  }

  private async run(): Promise<void> {
    const { forge } = this.options;
    const org = forge.state.data.org.login;
    const desired = await this.desired(org);
    const names = new Set(desired.map(d => d.name));
    for (const [name, tracked] of this.tracked)
      if (!names.has(name)) {
        // Deleted from git: the resources finalizer prunes what it deployed.
        this.prune(tracked.deployed, [], name);
        this.tracked.delete(name);
      }
    for (const app of desired) await this.reconcileOne(app);
  }

  private async desired(org: string): Promise<DesiredApplication[]> {
    const { forge } = this.options;
    const record = forge.state.repo(org, PLATFORM_CONFIG);
    if (!record) return [];
    const repo = forge.git(record.owner, record.name);
    const main = await this.sources.commitOf(repo, record.default_branch);
    if (!main) return [];
    if (this.desiredCache?.commit !== main)
      this.desiredCache = {
        commit: main,
        apps: await readDesiredApplications(
          repo,
          main,
          forge.urls.clone(record.owner, record.name),
          this.log,
        ),
      };
    return this.desiredCache.apps;
  }

  private track(app: DesiredApplication): Tracked {
    const specJson = JSON.stringify(app.manifest.spec ?? {});
    let tracked = this.tracked.get(app.name);
    if (!tracked) {
      tracked = {
        uid: crypto.randomUUID(),
        createdAt: new Date(this.now()).toISOString(),
        generation: 1,
        specJson,
        history: [],
        deployed: [],
      };
      this.tracked.set(app.name, tracked);
    } else if (tracked.specJson !== specJson) {
      tracked.generation++;
      tracked.specJson = specJson;
    }
    return tracked;
  }

  private async reconcileOne(app: DesiredApplication) {
    const tracked = this.track(app);
    const at = this.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const source = app.manifest.spec?.source ?? {};
    const images: string[] = source.kustomize?.images ?? [];
    const base = {
      history: tracked.history,
      reconciledAt: iso(at),
      sourceType: source.kustomize ? 'Kustomize' : 'Directory',
      summary: { images },
    };
    const condition = (type: string, message: string) => ({
      ...base,
      sync: { status: 'Unknown' as const },
      health: { status: 'Degraded' as const, message: `${type}: ${message}` },
      conditions: [{ type, message, lastTransitionTime: iso(at) }],
    });

    let status: ApplicationStatus;
    if (app.problem) {
      status = condition('InvalidSpecError', app.problem);
    } else {
      const state = await this.sources.resolve(source);
      if (!state.ok) {
        status = condition('ComparisonError', state.message);
      } else {
        const syncKey = `${state.tree}|${images.join(',')}`;
        if (tracked.syncKey !== syncKey) {
          tracked.syncKey = syncKey;
          tracked.operation = {
            revision: state.revision,
            startedAt: at,
            phase: 'Running',
            message: 'waiting for healthy state of apps/Deployment',
          };
        }
        const op = tracked.operation!;
        if (op.phase === 'Running' && at - op.startedAt >= this.progressingMs)
          await this.finishSync(app, tracked, state.repo, images, at);
        status = {
          ...base,
          sync: {
            status: op.phase === 'Succeeded' ? 'Synced' : 'OutOfSync',
            revision: state.revision,
            comparedTo: { source, destination: app.manifest.spec.destination },
          },
          health: {
            Running: {
              status: 'Progressing' as const,
              message: 'Waiting for rollout to finish',
            },
            Succeeded: { status: 'Healthy' as const },
            Failed: { status: 'Degraded' as const, message: op.message },
          }[op.phase],
          operationState: {
            operation: { sync: { revision: op.revision } },
            phase: op.phase,
            message: op.message,
            startedAt: iso(op.startedAt),
            ...(op.finishedAt !== undefined && {
              finishedAt: iso(op.finishedAt),
              syncResult: { revision: op.revision, source },
            }),
          },
        };
      }
    }
    const fault = this.faults.get(app.name);
    if (fault)
      status = {
        ...status,
        health: { status: fault.health, message: fault.message },
      };
    this.publish(app, tracked, status);
  }

  private async finishSync(
    app: DesiredApplication,
    tracked: Tracked,
    repo: Parameters<typeof manifestsAt>[0],
    images: string[],
    at: number,
  ) {
    const op = tracked.operation!;
    const { spec, metadata } = app.manifest;
    try {
      const objects = await manifestsAt(repo, op.revision, spec.source);
      const deployed = syncIntoCluster(this.options.kubernetes, {
        application: app.name,
        namespace: spec.destination.namespace,
        service: serviceOf(app),
        images,
        objects,
        startedAt: new Date(at).toISOString(),
      });
      this.prune(tracked.deployed, deployed, app.name);
      tracked.deployed = deployed;
      op.phase = 'Succeeded';
      op.message = 'successfully synced (all tasks run)';
      const last = tracked.history[tracked.history.length - 1];
      tracked.history.push({
        id: last ? last.id + 1 : 0,
        revision: op.revision,
        deployStartedAt: new Date(op.startedAt).toISOString(),
        deployedAt: new Date(at).toISOString(),
        source: spec.source,
      });
    } catch (e) {
      op.phase = 'Failed';
      op.message = `one or more objects failed to apply, reason: ${
        (e as Error).message
      }`;
      this.log(`argocd: ${metadata.name}: ${op.message}`);
    }
    op.finishedAt = at;
  }

  /**
   * Deletes what an earlier sync deployed and this one did not (automated prune), unless another
   * Application has synced it since (stages sharing the devstack's one cluster).
   */
  private prune(before: ObjectRef[], after: ObjectRef[], application: string) {
    const { kubernetes } = this.options;
    const key = (r: ObjectRef) => `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    const kept = new Set(after.map(key));
    for (const ref of before) {
      const owner = kubernetes.get(ref.kind, ref.name, ref.namespace)?.metadata
        .labels?.[INSTANCE_LABEL];
      if (!kept.has(key(ref)) && (owner === undefined || owner === application))
        kubernetes.delete(ref.kind, ref.name, ref.namespace);
    }
  }

  /** A commit's author, date and message, as Argo CD's revision metadata (the history card). */
  async revisionMetadata(name: string, revision: string) {
    const tracked = this.tracked.get(name);
    const app = tracked?.application;
    if (!app) return undefined;
    const slug = repoOfUrl(app.spec.source.repoURL);
    const { forge } = this.options;
    const record = slug && forge.state.repo(slug.owner, slug.name);
    const commit =
      record && (await forge.git(record.owner, record.name).commit(revision));
    return commit
      ? {
          author: `${commit.author.name} <${commit.author.email}>`,
          date: commit.author.date,
          message: commit.message,
          tags: [],
        }
      : undefined;
  }

  private publish(
    app: DesiredApplication,
    tracked: Tracked,
    status: ApplicationStatus,
  ) {
    const previous = tracked.application;
    const { metadata, spec } = app.manifest;
    const next: Application = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: app.name,
        namespace: metadata?.namespace ?? 'argocd',
        ...(metadata?.labels && { labels: metadata.labels }),
        ...(metadata?.annotations && { annotations: metadata.annotations }),
        uid: tracked.uid,
        resourceVersion: previous?.metadata.resourceVersion ?? '',
        creationTimestamp: tracked.createdAt,
        generation: tracked.generation,
      },
      spec: { project: 'default', ...spec },
      status,
    };
    const { reconciledAt: _a, ...comparable } = next.status;
    const { reconciledAt: _b, ...before } = previous?.status ?? ({} as any);
    const changed =
      !previous ||
      JSON.stringify(comparable) !== JSON.stringify(before) ||
      JSON.stringify(next.spec) !== JSON.stringify(previous.spec);
    if (changed) next.metadata.resourceVersion = String(++this.resourceVersion);
    tracked.application = next;
  }

  /** The current list's resourceVersion (Argo CD's list metadata). */
  get listResourceVersion() {
    return String(this.resourceVersion);
  }
}

/** The Backstage kubernetes-id: label runway.dev/service, the entity-ref annotation, else the name. */
export function serviceOf(app: DesiredApplication): string | undefined {
  const { metadata } = app.manifest;
  if (app.name.startsWith('rw-env-')) return undefined;
  const label = metadata?.labels?.['runway.dev/service'];
  if (label) return label;
  const ref: string | undefined =
    metadata?.annotations?.['runway.dev/entity-ref'];
  if (ref) return ref.replace(/^.*[:/]/, '');
  return app.name.replace(/-(staging|production)$/, '');
}
