import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { newHireDatabases } from '../__testUtils__/newHire';

const databases = newHireDatabases();
const directory = resolvePackagePath(
  '@runway/plugin-onboarding-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())(
  'the new-hire page’s migration on %s',
  id => {
    it('adds the first-day task and milestone tables, and takes them away again', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest({ directory });
      for (const table of [
        'onboarding_first_day_tasks',
        'onboarding_milestones',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      // Down to just before it (later migrations first), then up again.
      while ((await knex.migrate.currentVersion({ directory })) >= '20261207') {
        await knex.migrate.down({ directory });
      }
      expect(await knex.schema.hasTable('onboarding_milestones')).toBe(false);
      expect(await knex.schema.hasTable('onboarding_first_day_tasks')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('onboarding_runs')).toBe(true);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('onboarding_milestones')).toBe(true);
    });
  },
);
