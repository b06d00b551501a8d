// @ts-check

/**
 * Provisioning follow-ups, their history, and the webhook deliveries already applied to them.
 *
 * A follow-up is one golden path's Terraform pull request (unique per repository and number: the
 * scaffolder step that records it may run again). `followup_deliveries` holds each GitHub delivery
 * id that changed a follow-up, written in the same transaction as the change, so a redelivered
 * webhook is recognised and does nothing.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('followups', table => {
    table.string('id', 36).primary();
    table.string('service', 63).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('repository_url', 1024).notNullable();
    // `owner/repo`, lower-case
    table.string('platform_config_repo', 255).notNullable();
    table.integer('pr_number').notNullable();
    table.string('pr_url', 1024).notNullable();
    table.string('branch', 255).nullable();
    table.string('head_sha', 64).nullable();
    table.string('requester', 255).notNullable();
    table.string('owner_team', 255).notNullable();
    table.string('task_id', 64).notNullable();
    table.string('state', 16).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('merged_at', { useTz: true }).nullable();
    table.timestamp('applied_at', { useTz: true }).nullable();
    table.timestamp('apply_failed_at', { useTz: true }).nullable();
    table.text('apply_failure').nullable();
    table.timestamp('closed_at', { useTz: true }).nullable();
    // Set when the requester's "applied" message is claimed; cleared again if it reached nobody.
    table.timestamp('notified_at', { useTz: true }).nullable();
    table.timestamp('last_reminded_at', { useTz: true }).nullable();
    table.integer('reminders').notNullable().defaultTo(0);

    table.unique(['platform_config_repo', 'pr_number'], {
      indexName: 'followups_pull_request_uq',
    });
    table.index(['entity_ref'], 'followups_entity_ref_idx');
    table.index(['state', 'created_at'], 'followups_state_created_idx');
    table.index(['head_sha'], 'followups_head_sha_idx');
  });

  await knex.schema.createTable('followup_events', table => {
    table.increments('id');
    table
      .string('followup_id', 36)
      .notNullable()
      .references('id')
      .inTable('followups')
      .onDelete('CASCADE');
    table.timestamp('at', { useTz: true }).notNullable();
    // recorded | merged | applied | apply-failed | closed | notified | reminded
    table.string('type', 32).notNullable();
    table.string('delivery_id', 64).nullable();
    // JSON
    table.text('details').notNullable();
    table.index(['followup_id'], 'followup_events_followup_idx');
  });

  await knex.schema.createTable('followup_deliveries', table => {
    table.string('delivery_id', 64).notNullable();
    table
      .string('followup_id', 36)
      .notNullable()
      .references('id')
      .inTable('followups')
      .onDelete('CASCADE');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.primary(['delivery_id', 'followup_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('followup_deliveries');
  await knex.schema.dropTable('followup_events');
  await knex.schema.dropTable('followups');
};
