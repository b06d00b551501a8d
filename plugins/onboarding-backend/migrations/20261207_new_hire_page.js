// @ts-check

/**
 * A hire's page: the first-day tasks they tick off (a copy of the configured list, made when the
 * page is first read, so a later change of the list does not rewrite it), and the milestones
 * their onboarding reached, each once, at the time the event says it happened.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('onboarding_first_day_tasks', table => {
    // onboarding_runs.id
    table.string('run_id', 36).notNullable();
    // The task's place in the list, from 0.
    table.integer('position').notNullable();
    table.text('title').notNullable();
    table.timestamp('done_at', { useTz: true }).nullable();
    // Who ticked it off: a User entity ref.
    table.string('done_by', 255).nullable();
    table.primary(['run_id', 'position']);
  });
  await knex.schema.createTable('onboarding_milestones', table => {
    // onboarding_runs.id
    table.string('run_id', 36).notNullable();
    // access-granted | sandbox-ready | first-pr | first-staging-deploy
    table.string('kind', 32).notNullable();
    // When it happened, by the event's own time; the earliest one seen is kept.
    table.timestamp('reached_at', { useTz: true }).notNullable();
    // The pull request's or deployment's URL, when there is one.
    table.text('url').nullable();
    // What reached it, e.g. acme/checkout-api#12.
    table.text('detail').nullable();
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    table.primary(['run_id', 'kind']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('onboarding_milestones');
  await knex.schema.dropTable('onboarding_first_day_tasks');
};
