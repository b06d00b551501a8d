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
    };
  };
}
