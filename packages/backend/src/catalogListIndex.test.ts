/**
 * The catalogue list page's partial index: made by the catalog's module on PostgreSQL once the
 * catalog has migrated, made again when invalid, and nothing on SQLite.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  STITCHED_ENTITIES_INDEX,
  catalogModuleListIndex,
  ensureStitchedEntitiesIndex,
} from './catalogListIndex';
import {
  assertPostgresNotSkipped,
  testDatabases,
} from './__testUtils__/databases';

jest.setTimeout(120_000);

const databases = testDatabases();
beforeAll(assertPostgresNotSkipped);

describe.each(databases.eachSupportedId())('catalog list index on %s', id => {
  it('is made by the scheduled task once the catalog has migrated, and only on PostgreSQL', async () => {
    const knex = await databases.init(id);
    const scheduler = mockServices.scheduler.mock();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleListIndex,
        mockServices.database.factory({ knex }),
        scheduler.factory,
      ],
    });
    try {
      const task = scheduler.scheduleTask.mock.calls
        .map(([t]) => t)
        .find(t => t.id === 'runway-catalog-list-index');
      expect(task).toBeDefined();
      await task!.fn(new AbortController().signal);

      const onPostgres = knex.client.config.client === 'pg';
      const indexes: string[] = onPostgres
        ? (
            await knex.raw(
              'SELECT indexdef FROM pg_indexes WHERE indexname = ?',
              [STITCHED_ENTITIES_INDEX],
            )
          ).rows.map((r: { indexdef: string }) => r.indexdef)
        : (
            await knex.raw(
              "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
              [STITCHED_ENTITIES_INDEX],
            )
          ).map((r: { sql: string }) => r.sql);
      const partialIndexOnEntityId =
        /ON \S*final_entities USING btree \(entity_id\) WHERE \(final_entity IS NOT NULL\)/;
      expect(indexes.map(def => partialIndexOnEntityId.test(def))).toEqual(
        onPostgres ? [true] : [],
      );
      // On PostgreSQL, a second run keeps the valid index.
      const again = onPostgres
        ? await ensureStitchedEntitiesIndex(knex)
        : 'present';
      expect(again).toBe('present');
    } finally {
      await backend.stop();
    }
  });
});

const postgres = databases
  .eachSupportedId()
  .map(([id]) => id)
  .filter(id => id.startsWith('POSTGRES'));

describe.each(postgres.map(id => [id]))('an interrupted build on %s', id => {
  it('leaves an invalid index, which is dropped and built again', async () => {
    const knex = await databases.init(id);
    await knex.schema.createTable('final_entities', table => {
      table.string('entity_id').primary();
      table.text('final_entity').nullable();
    });
    await expect(ensureStitchedEntitiesIndex(knex)).resolves.toBe('created');
    // What a CREATE INDEX CONCURRENTLY that was cancelled leaves behind.
    await knex.raw(
      `UPDATE pg_index SET indisvalid = false WHERE indexrelid = ?::regclass`,
      [STITCHED_ENTITIES_INDEX],
    );
    await expect(ensureStitchedEntitiesIndex(knex)).resolves.toBe('created');
    const { rows } = await knex.raw(
      `SELECT i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = ?::regclass`,
      [STITCHED_ENTITIES_INDEX],
    );
    expect(rows).toEqual([{ valid: true }]);
  });
});
