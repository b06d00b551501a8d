// @ts-check

/**
 * When a feature environment's owners were last warned that it is about to be torn down for
 * inactivity. Activity after it (a later `last_activity_at`) re-arms the warning.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('environments', table => {
    table.timestamp('idle_warned_at', { useTz: true }).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('environments', table => {
    table.dropColumn('idle_warned_at');
  });
};
