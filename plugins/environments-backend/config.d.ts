import { HumanDuration } from '@backstage/types';

export interface Config {
  runway?: {
    /**
     * Ephemeral environments' lifecycle and cost (plugins/environments-backend). Slack warnings
     * use `runway.slack` when it is set; links point at `app.baseUrl`. Rendering, delivery, quota
     * and lifetime keys are documented by @runway/plugin-environments-node; of those, the plugin
     * reads `baseDomain` too: a lease's URLs must be https URLs under `<environment>.<baseDomain>`.
     */
    environments?: {
      /** How long before expiry the owner team is warned; default 24. */
      warnBeforeHours?: number;
      /** Feature environments without activity (push, deploy, keep-alive) for this long are torn down; default 24. */
      idleHours?: number;
      /** How long before an idle teardown the owner team is warned; less than idleHours; default 4. */
      idleWarnBeforeHours?: number;
      /** Turns the lifecycle job (warnings and teardowns) off; default true. */
      sweepEnabled?: boolean;
      /** How often the lifecycle job runs, e.g. { minutes: 1 } or 'PT1M'; default every minute. */
      sweepInterval?: HumanDuration | string;
      /** Prices for cost showback, fixed on each environment when it is created. */
      rates?: {
        /** Price of one CPU core for one hour; default 0.04. */
        cpuHour?: number;
        /** Price of one GiB of memory for one hour; default 0.005. */
        memoryGiBHour?: number;
        /** Currency the prices are in, as shown to people; default USD. */
        currency?: string;
      };
    };
  };
}
