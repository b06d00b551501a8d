import { FollowupView } from '@runway/plugin-delivery-common';
import { FollowupRecord } from '../database/FollowupStore';

const iso = (date?: Date) => date?.toISOString();

/** A follow-up as the read API answers it. */
export function toView(f: FollowupRecord): FollowupView {
  const optional = {
    mergedAt: iso(f.mergedAt),
    appliedAt: iso(f.appliedAt),
    applyFailedAt: iso(f.applyFailedAt),
    applyFailure: f.applyFailure,
    closedAt: iso(f.closedAt),
    requesterNotifiedAt: iso(f.notifiedAt),
    lastRemindedAt: iso(f.lastRemindedAt),
  };
  return {
    id: f.id,
    service: f.service,
    entityRef: f.entityRef,
    repositoryUrl: f.repositoryUrl,
    platformConfigRepo: f.platformConfigRepo,
    pullRequest: { number: f.prNumber, url: f.prUrl },
    requester: f.requester,
    ownerTeam: f.ownerTeam,
    taskId: f.taskId,
    state: f.state,
    createdAt: f.createdAt.toISOString(),
    ...(Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== undefined),
    ) as Partial<FollowupView>),
  };
}
