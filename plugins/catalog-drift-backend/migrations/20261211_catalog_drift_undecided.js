// @ts-check

/**
 * How many entities the last run could not decide (GitHub did not answer for their repository):
 * a report with none found is only clean when this is 0.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('catalog_drift_checks', table => {
    table.integer('undecided').notNullable().defaultTo(0);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('catalog_drift_checks', table => {
    table.dropColumn('undecided');
  });
};
