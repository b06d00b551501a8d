// @ts-check

/**
 * Onboarding runs and the deliveries that asked for them.
 *
 * One run per person and direction (`idp_user_id`, `kind`): the identity provider, the HR system
 * and the form may all ask for the same hire, repeatedly, and still make one run. A delivery's id
 * is kept so a replayed request is recognised and refused.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('onboarding_runs', table => {
    table.string('id', 36).primary();
    table.string('idp_user_id', 255).notNullable();
    // onboard | offboard
    table.string('kind', 16).notNullable();
    // okta | graph | hr | form
    table.string('source', 16).notNullable();
    // received | incomplete | started
    table.string('state', 16).notNullable();
    // JSON: the person, when the trigger carried them (HR); else read from the identity provider.
    table.text('person').nullable();
    table.string('task_id', 64).nullable();
    table.text('last_error').nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    // A worker holds a received run until then; another takes it over afterwards.
    table.timestamp('claimed_until', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.unique(['idp_user_id', 'kind'], {
      indexName: 'onboarding_runs_person_kind',
    });
  });
  await knex.schema.createTable('onboarding_deliveries', table => {
    // <source>:<the sender's event id>
    table.string('delivery_id', 255).primary();
    table.timestamp('received_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('onboarding_deliveries');
  await knex.schema.dropTable('onboarding_runs');
};
