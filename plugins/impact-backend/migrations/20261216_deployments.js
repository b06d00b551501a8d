// @ts-check

/**
 * The successful deployments GitHub reported (`deployment_status` webhooks with state success),
 * for "deploys per team per week". One row per deployment and environment: a redelivered or
 * repeated success of the same deployment is the same deploy.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('impact_deployments', table => {
    // `owner/repo`, lower-case
    table.string('repository', 255).notNullable();
    // GitHub's deployment id
    table.bigInteger('deployment_id').notNullable();
    table.string('environment', 255).notNullable();
    // When GitHub says the deployment succeeded
    table.timestamp('at', { useTz: true }).notNullable();
    table.primary(['repository', 'deployment_id', 'environment']);
    table.index(['at'], 'impact_deployments_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('impact_deployments');
};
