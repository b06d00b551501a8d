/**
 * A lifecycle on a controlled clock for tests: the store on a test database, a teardown and a
 * notifier that record what they were asked to do.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  addDays,
  addHours,
  initialExpiry,
} from '@runway/plugin-environments-common';
import { Knex } from 'knex';
import { DatabaseEnvironmentStore } from '../database/DatabaseEnvironmentStore';
import {
  EnvironmentRecord,
  NewEnvironment,
} from '../database/EnvironmentStore';
import { ExpiryNotifier } from '../lifecycle/ExpiryNotifier';
import { LifecycleSweeper } from '../lifecycle/LifecycleSweeper';
import { TeardownRunner } from '../lifecycle/TeardownRunner';
import {
  EnvironmentTeardown as Teardown,
  environmentsTeardownExtensionPoint,
} from '@runway/plugin-environments-node';
import { DEFAULT_SETTINGS } from '../settings';

export class FakeClock {
  constructor(private time: Date) {}
  now = () => new Date(this.time);
  advanceHours(hours: number) {
    this.time = addHours(this.time, hours);
  }
  set(time: Date) {
    this.time = time;
  }
}

export const START = new Date('2026-11-02T09:00:00Z');

export function newEnvironment(
  overrides: Partial<NewEnvironment> & { lifetimeDays?: number } = {},
): NewEnvironment {
  const { lifetimeDays, ...rest } = overrides;
  const createdAt = overrides.createdAt ?? START;
  return {
    name: 'pr-1-checkout',
    type: 'feature',
    ownerTeam: 'group:default/payments',
    requestedBy: 'user:default/jane',
    services: [{ entityRef: 'component:default/checkout-api', branch: 'pr-1' }],
    urls: {},
    createdAt,
    expiresAt: initialExpiry(createdAt, lifetimeDays),
    quota: DEFAULT_SETTINGS.quotas.feature,
    rates: { cpuHour: 0.04, memoryGiBHour: 0.005 },
    ...rest,
  };
}

export class RecordingTeardown implements Teardown {
  calls: string[] = [];
  failNext = new Set<string>();
  /** Milliseconds each teardown takes, so concurrent sweeps interleave. */
  delayMs = 0;

  async teardown(env: EnvironmentRecord) {
    this.calls.push(env.name);
    if (this.delayMs) await new Promise(r => setTimeout(r, this.delayMs));
    if (this.failNext.delete(env.name)) {
      throw new Error(`cluster unreachable while removing ${env.name}`);
    }
  }
}

export class RecordingNotifier implements ExpiryNotifier {
  warnings: Array<{ name: string; expiresAt: Date }> = [];
  idleWarnings: Array<{ name: string; teardownAt: Date }> = [];
  async warn(env: EnvironmentRecord) {
    this.warnings.push({ name: env.name, expiresAt: env.expiresAt! });
  }
  async warnIdle(env: EnvironmentRecord, teardownAt: Date) {
    this.idleWarnings.push({ name: env.name, teardownAt });
  }
}

export async function lifecycleOn(
  knex: Knex,
  options: {
    batchSize?: number;
    clock?: FakeClock;
    store?: DatabaseEnvironmentStore;
  } = {},
) {
  const clock = options.clock ?? new FakeClock(START);
  const store =
    options.store ?? (await DatabaseEnvironmentStore.fromKnex(knex));
  const teardown = new RecordingTeardown();
  const notifier = new RecordingNotifier();
  const logger = mockServices.logger.mock();
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({
      success: jest.fn(async () => {}),
      fail: jest.fn(async () => {}),
    })),
  });
  const runner = new TeardownRunner({ store, teardown, clock, logger });
  const sweeper = new LifecycleSweeper({
    store,
    runner,
    notifier,
    clock,
    logger,
    auditor,
    settings: DEFAULT_SETTINGS,
    batchSize: options.batchSize,
  });
  return { clock, store, teardown, notifier, runner, sweeper, auditor };
}

export { addDays, addHours };

/**
 * A backend module installing a teardown that records the environments it was asked to remove,
 * for tests of the plugin that are not about delivery.
 */
export function recordingTeardownModule() {
  const recording = new RecordingTeardown();
  const module = createBackendModule({
    pluginId: 'environments',
    moduleId: 'test-teardown',
    register(env) {
      env.registerInit({
        deps: { teardowns: environmentsTeardownExtensionPoint },
        async init({ teardowns }) {
          teardowns.setTeardown(recording);
        },
      });
    },
  });
  return { module, tornDown: recording.calls };
}
