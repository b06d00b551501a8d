import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** Where the plugin reads the time, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The environments plugin's clock; tests replace it with a factory of their own. */
export const environmentsClockServiceRef = createServiceRef<Clock>({
  id: 'runway.environments.clock',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => systemClock,
    }),
});
