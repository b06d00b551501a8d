// @ts-check

/**
 * Each team's standup rotation, kept by Runway: who hosts in which order. Onboarding adds a new
 * engineer at the end; offboarding removes them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('onboarding_standup_rotations', table => {
    // group:<namespace>/<name>, lower-case
    table.string('team_ref', 255).notNullable();
    // The member's work e-mail, lower-case: the key (a hire has no catalogue entity yet).
    table.string('email', 255).notNullable();
    table.string('name', 255).notNullable();
    table.integer('position').notNullable();
    table.timestamp('joined_at', { useTz: true }).notNullable();
    table.primary(['team_ref', 'email']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('onboarding_standup_rotations');
};
