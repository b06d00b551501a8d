/**
 * GitHub-shaped webhook deliveries (push, pull_request, status, issue_comment, workflow_run) to
 * the hooks configured on the org or the repository, signed with X-Hub-Signature-256 like
 * GitHub's, so Runway reacts to pushes, checks and merges on the devstack exactly as it will in
 * production. Payloads are completed to the shape of GitHub's published webhook schemas.
 */
import crypto from 'node:crypto';
import { orgJson, repoJson, userJson } from './json';
import { ForgeState, HookRecord, RepoRecord, UserRecord, now } from './state';
import { ForgeUrls } from './urls';
import { WebhookPayloadValidator, completePayload } from './webhookSchemas';

export interface Delivery {
  /** X-GitHub-Delivery: a redelivery keeps the original's. */
  id: string;
  event: string;
  action?: string;
  url: string;
  status: number | 'error';
  repository: string;
  deliveredAt: string;
  hookId: number;
  redelivery: boolean;
  /** Exactly what was sent, so a redelivery is byte for byte the same. */
  request: { headers: Record<string, string>; body: string };
}

/** Told of every ref a push moved (the Actions stand-in records runs from it). */
export type PushListener = (
  repo: RepoRecord,
  ref: string,
  before: string | null,
  after: string,
  pusher: UserRecord,
) => Promise<void>;

export interface PayloadViolation {
  operationId: string;
  status: number;
  errors: unknown;
}

export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  // One queue per hook: a receiver gets events in the order they happened, as tests assert.
  private readonly queues = new Map<number, Promise<void>>();
  private readonly pushListeners: PushListener[] = [];
  private readonly validator?: WebhookPayloadValidator;

  constructor(
    private readonly state: ForgeState,
    private readonly urls: ForgeUrls,
    /** When given, every payload is checked against GitHub's schema and mismatches kept here. */
    private readonly violations?: PayloadViolation[],
  ) {
    if (violations) this.validator = new WebhookPayloadValidator();
  }

  onPush(listener: PushListener) {
    this.pushListeners.push(listener);
  }

  /** Keeps work that ends in deliveries inside idle(). */
  track(work: Promise<unknown>) {
    const tracked: Promise<void> = work
      .then(
        () => undefined,
        // A failed side job must not fail idle() for everyone; it is reported where it happened.
        e => console.error(`devstack forge: ${(e as Error).stack ?? e}`),
      )
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  hookFromInput(input: any): HookRecord {
    const config = input.config ?? {};
    return {
      id: this.state.newId(),
      url: config.url,
      secret: config.secret,
      content_type: config.content_type === 'form' ? 'form' : 'json',
      events: input.events ?? ['push'],
      active: input.active ?? true,
      created_at: now(),
    };
  }

  hookJson(hook: HookRecord, ownerApi: string) {
    return {
      type: 'Repository',
      id: hook.id,
      name: 'web',
      active: hook.active,
      events: hook.events,
      config: {
        url: hook.url,
        content_type: hook.content_type,
        insecure_ssl: '0',
        ...(hook.secret ? { secret: '********' } : {}),
      },
      updated_at: hook.created_at,
      created_at: hook.created_at,
      url: `${ownerApi}/hooks/${hook.id}`,
      test_url: `${ownerApi}/hooks/${hook.id}/test`,
      ping_url: `${ownerApi}/hooks/${hook.id}/pings`,
      deliveries_url: `${ownerApi}/hooks/${hook.id}/deliveries`,
      last_response: { code: null, status: 'unused', message: null },
    };
  }

  push(
    repo: RepoRecord,
    ref: string,
    before: string | null,
    after: string,
    pusher: UserRecord,
  ) {
    const zero = '0000000000000000000000000000000000000000';
    return this.emit(repo, 'push', {
      base_ref: null,
      ref,
      before: before ?? zero,
      after,
      created: before === null,
      deleted: false,
      forced: false,
      compare: `${this.urls.html(repo.owner, repo.name)}/compare/${(
        before ?? zero
      ).slice(0, 12)}...${after.slice(0, 12)}`,
      commits: [],
      head_commit: null,
      pusher: { name: pusher.login, email: pusher.email },
    }).then(() => {
      for (const listener of this.pushListeners)
        this.track(listener(repo, ref, before, after, pusher));
    });
  }

  pullRequest(
    repo: RepoRecord,
    action: string,
    pullRequest: any,
    sender: UserRecord,
  ) {
    return this.emit(
      repo,
      'pull_request',
      { action, number: pullRequest.number, pull_request: pullRequest },
      sender,
    );
  }

  /** A commit status was created (repos/create-commit-status). */
  status(
    repo: RepoRecord,
    status: {
      id: number;
      sha: string;
      state: string;
      context: string;
      description: string | null;
      target_url: string | null;
      created_at: string;
      updated_at: string;
    },
    commit: object,
    branches: object[],
    sender: UserRecord,
  ) {
    return this.emit(
      repo,
      'status',
      {
        id: status.id,
        sha: status.sha,
        name: `${repo.owner}/${repo.name}`,
        target_url: status.target_url,
        avatar_url: null,
        context: status.context,
        description: status.description,
        state: status.state,
        commit,
        branches,
        created_at: status.created_at,
        updated_at: status.updated_at,
      },
      sender,
    );
  }

  /** A comment on an issue or, with `issue.pull_request` set, on a pull request. */
  issueComment(
    repo: RepoRecord,
    action: 'created' | 'edited',
    issue: object,
    comment: object,
    sender: UserRecord,
  ) {
    return this.emit(repo, 'issue_comment', { action, issue, comment }, sender);
  }

  workflowRun(
    repo: RepoRecord,
    action: 'requested' | 'in_progress' | 'completed',
    workflow: object,
    workflowRun: object,
    sender: UserRecord,
  ) {
    return this.emit(
      repo,
      'workflow_run',
      { action, workflow, workflow_run: workflowRun },
      sender,
    );
  }

  /**
   * Sends a recorded delivery again, byte for byte and with the same X-GitHub-Delivery, as
   * GitHub's "Redeliver" does; resolves with the new delivery record.
   */
  async redeliver(id: string): Promise<Delivery> {
    const original = this.deliveries.find(d => d.id === id);
    if (!original) throw new Error(`no webhook delivery ${id} was recorded`);
    const work = this.enqueue(original.hookId, () => this.send(original, true));
    this.track(work);
    return work;
  }

  /** Resolves when every delivery started so far has finished (tests wait on it). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private emit(
    repo: RepoRecord,
    event: string,
    payload: { action?: string; [key: string]: unknown },
    sender?: UserRecord,
  ) {
    const hooks = [
      ...repo.hooks,
      ...(repo.owner === this.state.data.org.login
        ? this.state.data.org.hooks
        : []),
    ].filter(
      h => h.active && (h.events.includes(event) || h.events.includes('*')),
    );
    const ctx = { state: this.state, urls: this.urls };
    const inOrg = repo.owner === this.state.data.org.login;
    const repository: Record<string, unknown> = repoJson(ctx, repo);
    // A push payload's repository names its organisation by login only.
    if (event === 'push')
      repository.organization = inOrg ? this.state.data.org.login : undefined;
    const body = completePayload(event, payload.action, {
      ...payload,
      repository,
      ...(inOrg ? { organization: orgJson(ctx) } : {}),
      sender: userJson(ctx, sender ?? this.state.data.users[0]),
    });
    if (this.validator) this.track(this.check(event, payload.action, body));
    const json = JSON.stringify(body);
    for (const hook of hooks) {
      const delivery = this.prepare(hook, event, payload.action, json, repo);
      this.track(this.enqueue(hook.id, () => this.send(delivery, false)));
    }
    return Promise.resolve();
  }

  private async check(event: string, action: string | undefined, body: any) {
    const errors = await this.validator!.validate(event, action, body);
    if (errors)
      this.violations!.push({
        operationId: `webhook ${event}${action ? `.${action}` : ''}`,
        status: 0,
        errors,
      });
  }

  private enqueue<T>(hookId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(hookId) ?? Promise.resolve();
    const result = previous.then(work);
    this.queues.set(
      hookId,
      result.then(
        () => undefined,
        () => undefined,
      ),
    );
    return result;
  }

  private prepare(
    hook: HookRecord,
    event: string,
    action: string | undefined,
    json: string,
    repo: RepoRecord,
  ): Delivery {
    const id = crypto.randomUUID();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/devstack',
      'x-github-event': event,
      'x-github-delivery': id,
      'x-github-hook-id': String(hook.id),
    };
    if (hook.secret) {
      headers['x-hub-signature-256'] = `sha256=${crypto
        .createHmac('sha256', hook.secret)
        .update(json)
        .digest('hex')}`;
    }
    return {
      id,
      event,
      action,
      url: hook.url,
      status: 'error',
      repository: `${repo.owner}/${repo.name}`,
      deliveredAt: now(),
      hookId: hook.id,
      redelivery: false,
      request: { headers, body: json },
    };
  }

  private async send(delivery: Delivery, redelivery: boolean) {
    let status: number | 'error';
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: delivery.request.headers,
        body: delivery.request.body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
    } catch {
      status = 'error';
    }
    const record = { ...delivery, status, redelivery, deliveredAt: now() };
    this.deliveries.push(record);
    return record;
  }
}
