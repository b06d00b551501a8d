// @ts-check

/**
 * Runs per person come in cycles: one onboarding and one offboarding each. A person hired again
 * after leaving (Okta reactivates them) starts a new onboarding, and their second departure a new
 * offboarding, instead of finding the first cycle's run and doing nothing.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('onboarding_runs', table => {
    table.integer('cycle').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('onboarding_runs', table => {
    table.dropUnique(['idp_user_id', 'kind'], 'onboarding_runs_person_kind');
    table.unique(['idp_user_id', 'kind', 'cycle'], {
      indexName: 'onboarding_runs_person_kind_cycle',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('onboarding_runs', table => {
    table.dropUnique(
      ['idp_user_id', 'kind', 'cycle'],
      'onboarding_runs_person_kind_cycle',
    );
    table.dropColumn('cycle');
    table.unique(['idp_user_id', 'kind'], {
      indexName: 'onboarding_runs_person_kind',
    });
  });
};
