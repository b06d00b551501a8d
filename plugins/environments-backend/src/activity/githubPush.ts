/**
 * A push to a branch that an environment deploys (a service of it, from that repository, on that
 * branch) counts as activity on the environment: it keeps feature environments from idling out.
 * Pushes arrive from GitHub's webhook through the events backend, on topic `github.push`.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams } from '@backstage/plugin-events-node';
import { CatalogLookup } from '../catalog/CatalogLookup';
import { Clock } from '../clock';
import {
  EnvironmentStore,
  environmentEvent,
} from '../database/EnvironmentStore';

export const GITHUB_PUSH_TOPIC = 'github.push';

interface PushPayload {
  ref?: string;
  after?: string;
  deleted?: boolean;
  repository?: { full_name?: string };
  pusher?: { name?: string };
}

export function createPushActivityHandler(deps: {
  store: EnvironmentStore;
  catalog: CatalogLookup;
  clock: Clock;
  logger: LoggerService;
}) {
  return async (event: EventParams): Promise<void> => {
    const push = event.eventPayload as PushPayload;
    const branch = push.ref?.startsWith('refs/heads/')
      ? push.ref.slice('refs/heads/'.length)
      : undefined;
    const repository = push.repository?.full_name?.toLocaleLowerCase('en-US');
    if (!branch || !repository || push.deleted) return;

    const onBranch = (await deps.store.listLive()).filter(env =>
      env.services.some(s => s.branch === branch),
    );
    if (onBranch.length === 0) return;
    const refs = [
      ...new Set(
        onBranch.flatMap(env =>
          env.services.filter(s => s.branch === branch).map(s => s.entityRef),
        ),
      ),
    ];
    const repos = await deps.catalog.repositories(refs);
    const hits = onBranch.filter(env =>
      env.services.some(
        s => s.branch === branch && repos.get(s.entityRef) === repository,
      ),
    );
    if (hits.length === 0) return;

    const now = deps.clock.now();
    await deps.store.touch(
      hits.map(env => env.id),
      now,
    );
    await deps.store.addEvents(
      hits.map(env =>
        environmentEvent(env, 'activity', now, push.pusher?.name, {
          kind: 'push',
          repository,
          branch,
          commit: push.after,
        }),
      ),
    );
    deps.logger.debug(
      `Push to ${repository}@${branch}: activity on ${hits
        .map(env => env.name)
        .join(', ')}`,
    );
  };
}
