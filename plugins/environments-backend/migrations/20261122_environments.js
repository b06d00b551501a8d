// @ts-check

/**
 * Environments and their history.
 *
 * An environment's name is unique among the environments that are not destroyed (a partial unique
 * index), not for ever: a name can be reused once its environment is gone, and the old row stays
 * for the cost showback of the months it ran in. Rows are addressed by `id` internally.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('environments', table => {
    table.string('id', 36).primary();
    table.string('name', 40).notNullable();
    table.string('type', 16).notNullable();
    table.string('owner_team', 255).notNullable();
    table.string('requested_by', 255).notNullable();
    // JSON: [{ entityRef, branch }]
    table.text('services').notNullable();
    // JSON: { [service]: url }
    table.text('urls').notNullable();
    table.string('state', 16).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('last_activity_at', { useTz: true }).notNullable();
    table.timestamp('warned_at', { useTz: true }).nullable();
    table.timestamp('teardown_started_at', { useTz: true }).nullable();
    // expired | idle | requested
    table.string('teardown_reason', 16).nullable();
    table.timestamp('torn_down_at', { useTz: true }).nullable();
    table.double('cpu_cores').notNullable();
    table.double('memory_gib').notNullable();
    table.double('cpu_hour_rate').notNullable();
    table.double('memory_gib_hour_rate').notNullable();

    table.index(['state', 'expires_at'], 'environments_state_expires_idx');
    table.index(['owner_team'], 'environments_owner_team_idx');
    table.index(['requested_by'], 'environments_requested_by_idx');
  });
  await knex.raw(
    `CREATE UNIQUE INDEX environments_live_name_idx ON environments (name) WHERE state <> 'destroyed'`,
  );

  await knex.schema.createTable('environment_events', table => {
    table.bigIncrements('id').primary();
    table
      .string('environment_id', 36)
      .notNullable()
      .references('id')
      .inTable('environments')
      .onDelete('CASCADE');
    table.string('environment_name', 40).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('type', 32).notNullable();
    table.string('actor', 255).nullable();
    // JSON object
    table.text('details').notNullable();

    table.index(['environment_id', 'at'], 'environment_events_env_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('environment_events');
  await knex.schema.dropTable('environments');
};
