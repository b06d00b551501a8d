// @ts-check

/**
 * Environments that are ready only once Argo CD reports them Healthy (runway.environments.argocd):
 * - `ready_when_healthy`: the health watcher decides provisioning → active | failed, not the
 *   provisioning action;
 * - `pull_request_url`: the engineer's pull request, commented on when that is decided;
 * - `pr_comment_due`: `ready` or `failed` while that comment is still to be posted (set with the
 *   state change, cleared by whoever claims it: one comment even with two backends);
 * - `failure_reason`: why it is `failed` (Argo CD's message).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('environments', table => {
    table.boolean('ready_when_healthy').notNullable().defaultTo(false);
    table.text('pull_request_url').nullable();
    table.string('pr_comment_due', 16).nullable();
    table.text('failure_reason').nullable();
  });
  await knex.schema.alterTable('environments', table => {
    table.index(
      ['state', 'ready_when_healthy'],
      'environments_awaiting_health_idx',
    );
  });
};

/**
 * A `failed` environment has no state to go back to but `active` (it holds resources, as an
 * active one does); its reason stays in its `failed` event.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('environments')
    .where('state', 'failed')
    .update({ state: 'active' });
  await knex.schema.alterTable('environments', table => {
    table.dropIndex(
      ['state', 'ready_when_healthy'],
      'environments_awaiting_health_idx',
    );
  });
  await knex.schema.alterTable('environments', table => {
    table.dropColumn('ready_when_healthy');
    table.dropColumn('pull_request_url');
    table.dropColumn('pr_comment_due');
    table.dropColumn('failure_reason');
  });
};

exports.config = { transaction: false };
