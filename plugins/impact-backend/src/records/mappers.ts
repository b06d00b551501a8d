/**
 * What each plugin's API answers, as impact records (@runway/plugin-impact-common). Pure, so each
 * reading of another plugin's answer is tested on its own.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeploymentRecord,
  EnvironmentLeaseRecord,
  HireRecord,
  ProvisioningRecord,
  RunRecord,
} from '@runway/plugin-impact-common';

type Json = Record<string, any>;

const ENDED = new Set(['completed', 'failed', 'cancelled']);

/** A team as a lower-case Group entity ref (`payments` → `group:default/payments`). */
export function teamRef(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

const iso = (value: unknown) => {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
};

/**
 * The scaffolder's tasks (`GET /v2/tasks`). A task's end is its last heartbeat: the scaffolder
 * beats every second while a task runs and stops at its end, and keeps no end time of its own.
 */
export function runsOf(tasks: Json[]): RunRecord[] {
  return tasks.flatMap(task => {
    const template = task.spec?.templateInfo?.entityRef;
    const createdAt = iso(task.createdAt);
    if (typeof template !== 'string' || !createdAt) return [];
    const parameters = task.spec?.parameters ?? {};
    const status = String(task.status);
    return [
      {
        taskId: String(task.id),
        template: template.toLocaleLowerCase('en-US'),
        team: teamRef(parameters.owner ?? parameters.team),
        createdBy:
          typeof task.createdBy === 'string' && task.createdBy
            ? task.createdBy.toLocaleLowerCase('en-US')
            : undefined,
        createdAt,
        finishedAt: ENDED.has(status) ? iso(task.lastHeartbeatAt) : undefined,
        status,
      },
    ];
  });
}

/** The delivery plugin's follow-ups (`GET /followups`). */
export function provisioningOf(followups: Json[]): ProvisioningRecord[] {
  return followups.flatMap(f => {
    const createdAt = iso(f.createdAt);
    if (!createdAt || typeof f.taskId !== 'string') return [];
    return [
      {
        taskId: f.taskId,
        team: teamRef(f.ownerTeam) ?? 'unowned',
        createdAt,
        appliedAt: iso(f.appliedAt),
      },
    ];
  });
}

/** The environments plugin's leases (`GET /environments?includeDestroyed=true`). */
export function leasesOf(environments: Json[]): EnvironmentLeaseRecord[] {
  return environments.flatMap(env => {
    const createdAt = iso(env.createdAt);
    if (!createdAt || typeof env.name !== 'string') return [];
    const quota = env.quota ?? {};
    const rates = env.rates ?? {};
    const hourlyRate =
      Number(quota.cpuCores) * Number(rates.cpuHour) +
      Number(quota.memoryGiB) * Number(rates.memoryGiBHour);
    return [
      {
        name: env.name,
        team: teamRef(env.ownerTeam) ?? 'unowned',
        type: String(env.type),
        createdAt,
        expiresAt: iso(env.expiresAt),
        tornDownAt: iso(env.tornDownAt),
        hourlyRate: Number.isFinite(hourlyRate) ? hourlyRate : 0,
      },
    ];
  });
}

/** Onboarding's lead times (`GET /lead-times`). */
export function hiresOf(hires: Json[]): HireRecord[] {
  return hires.flatMap(h => {
    const hrEventAt = iso(h.hrEventAt);
    if (!hrEventAt) return [];
    return [
      {
        team: teamRef(h.team) ?? 'unowned',
        hrEventAt,
        taskId: typeof h.taskId === 'string' ? h.taskId : undefined,
        firstStagingDeployAt: iso(h.firstStagingDeployAt),
      },
    ];
  });
}

/**
 * Which team owns each repository: the owner of the catalogue's Components whose
 * `github.com/project-slug` names it (`owner/repo`, lower-case keys).
 */
export function repositoryOwners(components: Json[]): Map<string, string> {
  const owners = new Map<string, string>();
  const claimed = new Set<string>();
  for (const c of components) {
    const slug = c.metadata?.annotations?.['github.com/project-slug'];
    const owner = teamRef(c.spec?.owner);
    if (typeof slug !== 'string' || !owner) continue;
    const key = slug.toLocaleLowerCase('en-US');
    if (claimed.has(key) && owners.get(key) !== owner) {
      // Two teams' Components claim one repository: anyone may register a Component, so
      // neither is believed and its deploys count for no team.
      owners.delete(key);
    } else if (!claimed.has(key)) {
      owners.set(key, owner);
    }
    claimed.add(key);
  }
  return owners;
}

export function deploymentsOf(
  deployments: { repository: string; environment: string; at: Date }[],
  owners: Map<string, string>,
): DeploymentRecord[] {
  return deployments.map(d => ({
    repository: d.repository,
    environment: d.environment,
    at: d.at.toISOString(),
    team: owners.get(d.repository),
  }));
}

/** The catalogue's people and the teams each is a member of (their `memberOf` relations). */
export function peopleOf(users: Json[]): { ref: string; teams: string[] }[] {
  return users.map(u => ({
    ref: stringifyEntityRef({
      kind: 'user',
      namespace: u.metadata?.namespace ?? 'default',
      name: String(u.metadata?.name),
    }).toLocaleLowerCase('en-US'),
    teams: (u.relations ?? [])
      .filter((r: Json) => r.type === 'memberOf')
      .map((r: Json) => String(r.targetRef).toLocaleLowerCase('en-US')),
  }));
}
