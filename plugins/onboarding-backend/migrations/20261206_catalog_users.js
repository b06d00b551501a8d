// @ts-check

/**
 * The User entities onboarding puts into the catalogue at once (before the organisation sync
 * knows the person), one per identity-provider user. Offboarding retires the row; the catalogue
 * module then drops the entity.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('onboarding_catalog_users', table => {
    table.string('idp_user_id', 255).primary();
    // The GitHub login and the e-mail, lower-case: one registered person per login and per e-mail.
    table.string('login_key', 64).notNullable();
    table.string('email_key', 255).notNullable();
    // The User entity as the catalogue receives it (JSON).
    table.text('entity').notNullable();
    // registered (provided to the catalogue) | adopted (the organisation sync took the entity over:
    // never provided again) | retired (offboarded)
    table.string('state', 16).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  // One registered person per login and per e-mail, even when two registrations race.
  await knex.schema.alterTable('onboarding_catalog_users', table => {
    table.unique(['login_key'], {
      indexName: 'onboarding_catalog_users_login_uniq',
      predicate: knex.whereRaw("state = 'registered'"),
    });
    table.unique(['email_key'], {
      indexName: 'onboarding_catalog_users_email_uniq',
      predicate: knex.whereRaw("state = 'registered'"),
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('onboarding_catalog_users');
};
