// @ts-check

/**
 * The drift check's problems, one row per kind and entity, with when a run first and last found
 * it (a problem no run finds any more is deleted), and when the last run finished.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('catalog_drift_problems', table => {
    // owner-missing | repository-missing | catalog-info-missing
    table.string('kind', 32).notNullable();
    // e.g. component:default/cart-service
    table.string('entity_ref', 512).notNullable();
    table.text('message').notNullable();
    table.text('fix').notNullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.primary(['kind', 'entity_ref']);
  });
  await knex.schema.createTable('catalog_drift_checks', table => {
    // Always 'latest': one row, rewritten by each run.
    table.string('id', 16).primary();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.integer('entities').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('catalog_drift_checks');
  await knex.schema.dropTable('catalog_drift_problems');
};
