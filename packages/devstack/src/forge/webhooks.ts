/**
 * GitHub-shaped webhook deliveries (push, pull_request) to the hooks configured on the org or
 * the repository, signed with X-Hub-Signature-256 like GitHub's, so Runway reacts to pushes and
 * merges on the devstack exactly as it will in production.
 */
import crypto from 'node:crypto';
import { orgOwnerJson, repoJson, userJson } from './json';
import { ForgeState, HookRecord, RepoRecord, UserRecord, now } from './state';
import { ForgeUrls } from './urls';

export interface Delivery {
  id: string;
  event: string;
  action?: string;
  url: string;
  status: number | 'error';
  repository: string;
  deliveredAt: string;
}

export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly state: ForgeState,
    private readonly urls: ForgeUrls,
  ) {}

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

  /** Resolves when every delivery started so far has finished (tests wait on it). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private emit(
    repo: RepoRecord,
    event: string,
    payload: object,
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
    const body = {
      ...payload,
      repository: repoJson(ctx, repo),
      ...(repo.owner === this.state.data.org.login
        ? { organization: orgOwnerJson(ctx) }
        : {}),
      sender: userJson(ctx, sender ?? this.state.data.users[0]),
    };
    for (const hook of hooks) {
      const delivery = this.deliver(
        hook,
        event,
        body,
        `${repo.owner}/${repo.name}`,
      ).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
    return Promise.resolve();
  }

  private async deliver(
    hook: HookRecord,
    event: string,
    payload: any,
    repository: string,
  ) {
    const id = crypto.randomUUID();
    const json = JSON.stringify(payload);
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
    let status: number | 'error';
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers,
        body: json,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
    } catch {
      status = 'error';
    }
    this.deliveries.push({
      id,
      event,
      action: payload.action,
      url: hook.url,
      status,
      repository,
      deliveredAt: now(),
    });
  }
}
