/**
 * A partial index for the catalogue's list page on PostgreSQL: the page's queries join
 * `final_entities` on `entity_id`, keeping only stitched entities (`final_entity IS NOT NULL`).
 * With 10,000 entities this index cut PostgreSQL's CPU per list page by about a third
 * (docs/benchmarks.md, the catalogue at 10,000 entities). The catalog's own migrations do not
 * make it, so this module does, by name, once the catalog has migrated; a later catalog
 * migration that rebuilds the table drops it, and the next run makes it again.
 */
import {
  coreServices,
  createBackendModule,
  type DatabaseService,
} from '@backstage/backend-plugin-api';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

export const STITCHED_ENTITIES_INDEX = 'runway_final_entities_stitched_idx';

/**
 * Creates the index unless a valid one exists. CONCURRENTLY: the catalog keeps serving and
 * stitching while it is built. A build that was interrupted leaves an invalid index behind,
 * which IF NOT EXISTS would keep forever; it is dropped and built again.
 */
export async function ensureStitchedEntitiesIndex(
  knex: Knex,
): Promise<'created' | 'present'> {
  const existing = await knex.raw<{ rows: Array<{ valid: boolean }> }>(
    `SELECT i.indisvalid AS valid FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
      WHERE c.relname = ? AND pg_catalog.pg_table_is_visible(c.oid)`,
    [STITCHED_ENTITIES_INDEX],
  );
  const found = existing.rows[0];
  if (found?.valid) return 'present';
  if (found) {
    await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS ??', [
      STITCHED_ENTITIES_INDEX,
    ]);
  }
  await knex.raw(
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS ?? ON final_entities (entity_id) WHERE final_entity IS NOT NULL',
    [STITCHED_ENTITIES_INDEX],
  );
  return 'created';
}

/** The catalog's module that keeps the index, on PostgreSQL only (features.ts loads it there). */
export const catalogModuleListIndex = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'runway-list-index',
  register(env) {
    env.registerInit({
      deps: {
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
      },
      async init({ database, scheduler, logger }) {
        // A scheduled task, not a start-up step: it runs once the catalog has migrated, on one
        // instance at a time, and again each day in case a catalog upgrade dropped the index.
        await scheduler.scheduleTask({
          id: 'runway-catalog-list-index',
          frequency: { hours: 24 },
          timeout: { minutes: 30 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            const knex = await database.getClient();
            if (knex.client.config.client !== 'pg') return;
            const result = await ensureStitchedEntitiesIndex(knex);
            if (result === 'created') {
              logger.info(`Created index ${STITCHED_ENTITIES_INDEX}`);
            }
          },
        });
      },
    });
  },
});

export default catalogModuleListIndex;
