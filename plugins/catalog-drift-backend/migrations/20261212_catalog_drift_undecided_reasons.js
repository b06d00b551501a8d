// @ts-check

/**
 * Why the last run left entities undecided (a JSON array of sentences, e.g. that it stopped asking
 * GitHub to keep the rate-limit reserve), so the report can say so rather than only count them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('catalog_drift_checks', table => {
    table.text('undecided_reasons').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('catalog_drift_checks', table => {
    table.dropColumn('undecided_reasons');
  });
};
