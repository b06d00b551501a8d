// @ts-check

/**
 * The Microsoft Graph subscription on /users that sends Runway change notifications: its id and
 * when it expires, so a restarted backend renews the same one instead of making a second.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('onboarding_graph_subscriptions', table => {
    // The resource subscribed to, e.g. users: one subscription per resource.
    table.string('resource', 64).primary();
    table.string('subscription_id', 128).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('onboarding_graph_subscriptions');
};
