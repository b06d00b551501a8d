// @ts-check

/**
 * Engineers' sandboxes: an environment of type `sandbox` has no expiry (`expires_at` NULL) and is
 * owned by one person (`owner_user`, a User entity ref; its `owner_team` is charged for it). One
 * sandbox per person among those not destroyed: a partial unique index, like the live names'.
 *
 * On SQLite, making `expires_at` nullable rebuilds the table (knex copies the rows and recreates
 * its indexes); the migration runs outside a transaction so that foreign keys can be switched off
 * for the rebuild, and `environment_events` keeps every row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('environments', table => {
    table.timestamp('expires_at', { useTz: true }).nullable().alter();
    table.string('owner_user', 255).nullable();
  });
  await knex.raw(
    `CREATE UNIQUE INDEX environments_live_sandbox_owner_idx ON environments (owner_user) WHERE owner_user IS NOT NULL AND state <> 'destroyed'`,
  );
};

/**
 * Sandboxes cannot be kept without their columns: rolling back removes them (and their history).
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX environments_live_sandbox_owner_idx');
  const sandboxes = knex('environments').select('id').where('type', 'sandbox');
  await knex('environment_events')
    .whereIn('environment_id', sandboxes)
    .delete();
  await knex('environments').where('type', 'sandbox').delete();
  await knex.schema.alterTable('environments', table => {
    table.dropColumn('owner_user');
    table.timestamp('expires_at', { useTz: true }).notNullable().alter();
  });
};

exports.config = { transaction: false };
