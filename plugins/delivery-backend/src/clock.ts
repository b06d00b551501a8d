import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** Where the plugin reads the time, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The delivery plugin's clock; tests replace it with a factory of their own. */
export const deliveryClockServiceRef = createServiceRef<Clock>({
  id: 'runway.delivery.clock',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => systemClock,
    }),
});
