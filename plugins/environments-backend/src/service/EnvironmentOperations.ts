/**
 * What the API does to environments, once a request is parsed: record a lease, extend, record
 * activity, destroy. Each checks access first, then changes state with a conditional UPDATE so it
 * cannot race the lifecycle job or a second replica into a double action. A sandbox (one
 * engineer's, no expiry) is recorded and torn down the same way; Runway's onboarding run may do
 * both for it (access.ts), and nothing extends it.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  EnvironmentResource,
  environmentApplicationNames,
} from '@runway/plugin-environments-node';
import {
  LIVE_ENVIRONMENT_STATES,
  SANDBOX_TYPE,
  environmentCreatePermission,
  environmentDeletePermission,
  environmentUpdatePermission,
  extendedExpiry,
  initialExpiry,
} from '@runway/plugin-environments-common';
import { Clock } from '../clock';
import {
  EnvironmentRecord,
  EnvironmentStore,
  environmentEvent as event,
} from '../database/EnvironmentStore';
import { TeardownRunner } from '../lifecycle/TeardownRunner';
import { EnvironmentsSettings } from '../settings';
import { Caller, EnvironmentAccess, ServiceCallers } from './access';
import { CreateInput, invalid } from './requests';

/** Activity closer together than this updates the environment without a new history entry. */
const ACTIVITY_EVENT_SPACING_MS = 3_600_000;

const applicationNames = (env: {
  name: string;
  services: Array<{ entityRef: string }>;
}) =>
  environmentApplicationNames(
    env.name,
    env.services.map(service => parseEntityRef(service.entityRef).name),
  );

export class EnvironmentOperations {
  constructor(
    private readonly deps: {
      store: EnvironmentStore;
      runner: TeardownRunner;
      access: EnvironmentAccess;
      clock: Clock;
      settings: EnvironmentsSettings;
    },
  ) {}

  /**
   * Records a lease; the same request again returns the environment it made (`created: false`).
   * A dry run makes every check (permission, owner team, name taken) and records nothing: the
   * provisioning action asks it before it writes anything anywhere. An engineer has one sandbox:
   * asking again for it returns it, asking for a second is refused.
   */
  async create(
    caller: Caller,
    input: CreateInput,
    options: { dryRun?: boolean } = {},
  ): Promise<{ env?: EnvironmentRecord; created: boolean }> {
    const { store, access, clock, settings } = this.deps;
    const sandbox = input.type === SANDBOX_TYPE;
    await access.authorizeOn(
      caller,
      environmentCreatePermission,
      resourceOf(input),
      sandbox
        ? `create the sandbox of ${input.ownerUser}`
        : `create environments for ${input.ownerTeam}`,
      servicesFor(input),
    );
    const requestedBy = requester(caller, input);
    await this.requireCatalogueComponents(caller, input);
    // Twice: a concurrent create of the same name can win between our read and our insert.
    for (let attempt = 0; attempt < 2; attempt++) {
      const existing = await this.existingLease(input);
      if (existing) {
        assertStillLive(existing, input.name, clock.now());
        if (sameLease(existing, requestedBy, input)) {
          return { env: existing, created: false };
        }
        throw new ConflictError(
          `Environment ${input.name} already exists (${existing.state}, requested by ${existing.requestedBy}, owned by ${existing.ownerTeam}). Choose another name, or destroy it first.`,
        );
      }
      await this.requireFreeApplicationNames(input);
      const now = clock.now();
      const expiresAt = sandbox ? undefined : leaseExpiry(input, now, settings);
      if (options.dryRun) return { env: undefined, created: false };
      const { provisioning, ...lease } = input;
      const env = await store.insert(
        {
          ...lease,
          state: provisioning ? 'provisioning' : 'active',
          requestedBy,
          createdAt: now,
          expiresAt,
          quota: settings.quotas[input.type],
          rates: {
            cpuHour: settings.rates.cpuHour,
            memoryGiBHour: settings.rates.memoryGiBHour,
          },
        },
        record => [
          event(record, 'created', now, caller.actor, {
            lifetimeDays: input.lifetimeDays,
            services: input.services,
            ...(input.ownerUser && { ownerUser: input.ownerUser }),
            ...(provisioning && { state: 'provisioning' }),
            ...(input.readyWhenHealthy && { readyWhenHealthy: true }),
          }),
        ],
      );
      if (env) return { env, created: true };
    }
    throw new ConflictError(
      `Environment ${input.name} was created by someone else at the same moment; try again.`,
    );
  }

  /**
   * The lease a create request finds in its way: for a sandbox, the engineer's own (one each, a
   * second one refused here), else the live environment of the name.
   */
  private async existingLease(
    input: CreateInput,
  ): Promise<EnvironmentRecord | undefined> {
    const { store } = this.deps;
    const own = input.ownerUser
      ? await store.liveSandboxOf(input.ownerUser)
      : undefined;
    if (own && own.name !== input.name) {
      throw new ConflictError(
        `ownerUser: ${input.ownerUser} already has the sandbox ${own.name} (${own.state}); an engineer has one sandbox. Use it, or destroy it first.`,
      );
    }
    const existing = own ?? (await store.getByName(input.name));
    return existing && existing.state !== 'destroyed' ? existing : undefined;
  }

  /**
   * Every service must be a Component of the catalogue (as the caller sees it): a lease naming
   * one that is not would show on pages and in lists as if it ran there.
   */
  private async requireCatalogueComponents(caller: Caller, input: CreateInput) {
    const refs = input.services.map(s => s.entityRef);
    const missing = new Set(
      await this.deps.access.missingComponents(caller, refs),
    );
    const i = refs.findIndex(ref => missing.has(ref));
    if (i >= 0) {
      throw new InputError(
        `services[${i}].entityRef: ${refs[i]} is not a Component you can see in the catalogue; pick a registered Component (a Resource or API cannot be deployed), or register its catalog-info.yaml first.`,
      );
    }
  }

  /**
   * Argo CD Applications of all environments share one namespace and are named
   * `rw-<environment>-<service>`, so `a-b` running `c` and `a` running `b-c` would overwrite each
   * other: refuse the second before anything is written.
   */
  private async requireFreeApplicationNames(input: CreateInput) {
    const wanted = applicationNames(input);
    for (const other of await this.deps.store.listLive()) {
      if (other.name === input.name) continue;
      const taken = new Set(applicationNames(other));
      const clash = wanted.find(name => taken.has(name));
      if (clash) {
        throw new ConflictError(
          `name: environment ${input.name} would deploy the Argo CD Application ${clash}, which environment ${other.name} already has (Applications are named rw-<environment>-<service>). Choose another name.`,
        );
      }
    }
  }

  async extend(
    caller: Caller,
    name: string,
    days: number,
  ): Promise<{ env: EnvironmentRecord; capped: boolean }> {
    const { store, clock, settings } = this.deps;
    let env = await this.mutable(
      caller,
      name,
      'extend',
      environmentUpdatePermission,
    );
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = clock.now();
      if (!env.expiresAt) {
        throw new ConflictError(
          `Environment ${name} is a sandbox: it has no expiry, so there is nothing to extend. It stays until its engineer is offboarded.`,
        );
      }
      const lease = { createdAt: env.createdAt, expiresAt: env.expiresAt };
      const next = extendedExpiry(lease, days, now, settings.lifetime);
      if (next.expiresAt <= env.expiresAt) {
        throw new ConflictError(
          `Environment ${name} already expires at its maximum lifetime (${env.expiresAt.toISOString()}, ${
            settings.lifetime.maxLifetimeDays
          } days after it was created). Create a new environment to keep going.`,
        );
      }
      const updated = await store.extend(
        env.id,
        lease.expiresAt,
        next.expiresAt,
      );
      if (updated) {
        await store.addEvents([
          event(updated, 'extended', now, caller.actor, {
            days,
            from: lease.expiresAt.toISOString(),
            to: next.expiresAt.toISOString(),
            capped: next.capped,
          }),
        ]);
        return { env: updated, capped: next.capped };
      }
      // Someone else extended it, or a teardown claimed it, in between: look again.
      env = await this.live(name, 'extend');
    }
    throw new ConflictError(
      `Environment ${name} is being changed by someone else; try again.`,
    );
  }

  /**
   * Its manifests are delivered: provisioning → active. Idempotent: an environment already active
   * (a retried task) is answered as it is.
   */
  async markReady(caller: Caller, name: string): Promise<EnvironmentRecord> {
    const { store, clock } = this.deps;
    const env = await this.mutable(
      caller,
      name,
      'mark ready',
      environmentUpdatePermission,
    );
    if (env.state !== 'provisioning') return env;
    if (env.readyWhenHealthy) {
      throw new ConflictError(
        `Environment ${name} becomes active when Argo CD reports all its Applications Healthy (runway.environments.argocd); the environments plugin marks it, so do not call ready for it.`,
      );
    }
    const ready = await store.markReady(
      env.id,
      event(env, 'ready', clock.now(), caller.actor),
    );
    return ready ?? (await this.live(name, 'mark ready'));
  }

  async recordActivity(
    caller: Caller,
    name: string,
    kind: string,
  ): Promise<EnvironmentRecord> {
    const { store, clock } = this.deps;
    const env = await this.mutable(
      caller,
      name,
      'record activity on',
      environmentUpdatePermission,
      'allowed',
    );
    const now = clock.now();
    await store.touch([env.id], now);
    const quiet =
      now.getTime() - env.lastActivityAt.getTime() >= ACTIVITY_EVENT_SPACING_MS;
    if (kind !== 'keep-alive' || quiet) {
      await store.addEvents([
        event(env, 'activity', now, caller.actor, { kind }),
      ]);
    }
    return (await store.getByName(name))!;
  }

  /** Claims the environment and runs its teardown; `done` is false when the teardown must be retried. */
  async destroy(
    caller: Caller,
    name: string,
  ): Promise<{ env: EnvironmentRecord; done: boolean }> {
    const { store, runner, clock, access } = this.deps;
    const env = await this.get(name);
    await access.authorizeOn(
      caller,
      environmentDeletePermission,
      resourceOf(env),
      `destroy environment ${name}`,
      servicesFor(env),
    );
    if (env.state === 'destroyed') return { env, done: true };
    const claimed = await store.claimTeardown(env.id, clock.now());
    if (!claimed) {
      // Already being torn down (by the lifecycle job or another request).
      const current = (await store.getByName(name))!;
      return { env: current, done: current.state === 'destroyed' };
    }
    const outcome = await runner.run([claimed], caller.actor);
    return {
      env: (await store.getByName(name))!,
      done: outcome.failed.length === 0,
    };
  }

  async get(name: string): Promise<EnvironmentRecord> {
    const env = await this.deps.store.getByName(name);
    if (!env) {
      throw new NotFoundError(
        `There is no environment named ${name}; GET /environments lists them.`,
      );
    }
    return env;
  }

  private async live(name: string, doing: string) {
    return assertLive(await this.get(name), doing);
  }

  private async mutable(
    caller: Caller,
    name: string,
    doing: string,
    permission: typeof environmentUpdatePermission,
    services?: ServiceCallers,
  ) {
    const env = await this.get(name);
    await this.deps.access.authorizeOn(
      caller,
      permission,
      resourceOf(env),
      `${doing} environment ${name}`,
      services ?? servicesFor(env),
    );
    return assertLive(env, doing);
  }
}

/** What the permission rules see of an environment, or of the one a create request proposes. */
function resourceOf(
  env: Pick<EnvironmentRecord, 'name' | 'type' | 'ownerTeam' | 'ownerUser'>,
): EnvironmentResource {
  return {
    name: env.name,
    type: env.type,
    ownerTeam: env.ownerTeam,
    ...(env.ownerUser && { ownerUser: env.ownerUser }),
  };
}

/** A sandbox is made and torn down by Runway's onboarding run too; nothing else by a service. */
function servicesFor(env: Pick<EnvironmentRecord, 'type'>): ServiceCallers {
  return env.type === SANDBOX_TYPE ? 'scaffolder' : 'refused';
}

/** A re-run may find its lease, but never bring back one that expired or is being torn down. */
function assertStillLive(existing: EnvironmentRecord, name: string, now: Date) {
  const ending =
    !LIVE_ENVIRONMENT_STATES.includes(existing.state) ||
    (existing.expiresAt !== undefined &&
      existing.expiresAt.getTime() <= now.getTime());
  if (ending) {
    throw new ConflictError(
      `Environment ${name} is ${
        existing.state === 'tearing-down'
          ? 'being torn down'
          : 'past its expiry and about to be torn down'
      }; a re-run cannot bring it back. Create it again once it is destroyed (within a few minutes), or choose another name.`,
    );
  }
}

function assertLive(env: EnvironmentRecord, doing: string) {
  if (!LIVE_ENVIRONMENT_STATES.includes(env.state)) {
    const why =
      env.teardownReason === 'provisioning'
        ? ' (its delivery did not finish within an hour, so the lease was abandoned)'
        : '';
    throw new ConflictError(
      `Cannot ${doing} environment ${env.name}: it is ${env.state}${why}. Create it again once it is destroyed, or choose another name.`,
    );
  }
  return env;
}

/**
 * The person creating: a user is the requester themselves; the only service that reaches here
 * (Runway's onboarding run, for a sandbox) asks on the engineer's behalf.
 */
function requester(caller: Caller, input: CreateInput): string {
  if (!caller.isUser) {
    const onBehalfOf = input.requestedBy ?? input.ownerUser;
    if (!onBehalfOf) {
      throw invalid(
        'requestedBy',
        'is needed when a service records an environment: name the person it is for',
      );
    }
    return onBehalfOf;
  }
  const me = caller.actor.toLocaleLowerCase('en-US');
  if (input.requestedBy && input.requestedBy !== me) {
    throw invalid(
      'requestedBy',
      `must be left out, or be you (${me}): a user records environments for themselves`,
    );
  }
  return me;
}

/** The requested exact expiry (at most lifetimeDays ahead), else now + lifetimeDays. */
function leaseExpiry(
  input: CreateInput,
  now: Date,
  settings: EnvironmentsSettings,
): Date {
  const latest = initialExpiry(now, input.lifetimeDays, settings.lifetime);
  if (!input.expiresAt) return latest;
  if (input.expiresAt <= now || input.expiresAt > latest) {
    throw invalid(
      'expiresAt',
      `must be after now and at most lifetimeDays (${
        input.lifetimeDays
      }) ahead, by ${latest.toISOString()} (got ${input.expiresAt.toISOString()})`,
    );
  }
  return input.expiresAt;
}

/**
 * The same request again: same name, requester and services (in any order). A sandbox is the
 * same when it has the same name, engineer and team, whoever asks again (the onboarding run, or
 * the platform team re-running it).
 */
function sameLease(
  env: EnvironmentRecord,
  requestedBy: string,
  input: CreateInput,
) {
  const sameTeam =
    env.ownerTeam.toLocaleLowerCase('en-US') ===
    input.ownerTeam.toLocaleLowerCase('en-US');
  if (input.type === SANDBOX_TYPE || env.type === SANDBOX_TYPE) {
    return (
      env.type === input.type &&
      env.name === input.name &&
      env.ownerUser === input.ownerUser &&
      sameTeam
    );
  }
  const key = (services: CreateInput['services']) =>
    JSON.stringify(
      [...services]
        .map(s => [s.entityRef, s.branch])
        .sort((a, b) => a[0].localeCompare(b[0])),
    );
  return (
    env.requestedBy === requestedBy &&
    sameTeam &&
    key(env.services) === key(input.services)
  );
}
