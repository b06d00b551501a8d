export interface Config {
  runway?: {
    /** The catalogue drift check (plugins/catalog-drift-backend). */
    catalogDrift?: {
      /**
       * Whether the check runs on its schedule; default true. `POST /api/catalog-drift/check`
       * runs it either way.
       */
      enabled?: boolean;
      /** Minutes between scheduled runs; default 60. A run asks GitHub one or two questions per Component. */
      intervalMinutes?: number;
      /** GitHub requests in flight at once during a run; default 4. */
      concurrency?: number;
      /**
       * GitHub requests of the rate limit the check leaves to everything else (the golden paths
       * share the GitHub App's limit); default 1000. When GitHub says fewer remain until its reset,
       * the check stops asking and leaves the rest undecided, saying why. 0 uses the whole limit.
       */
      rateLimitReserve?: number;
    };
  };
}
