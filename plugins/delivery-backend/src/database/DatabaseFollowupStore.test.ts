import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  REPO,
  START,
  addHours,
  newFollowup,
  storeOn,
} from '../__testUtils__/fixtures';
import {
  assertPostgresNotSkipped,
  testDatabases,
} from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = testDatabases();

beforeAll(assertPostgresNotSkipped);

describe.each(databases.eachSupportedId())(
  'DatabaseFollowupStore on %p',
  id => {
    async function fresh() {
      const knex = await databases.init(id);
      return { knex, store: await storeOn(knex) };
    }

    it('records a follow-up once per pull request: a retried step gets the same one', async () => {
      const { store } = await fresh();
      const first = await store.record(newFollowup(), START);
      const again = await store.record(
        newFollowup({
          taskId: 'task-2',
          platformConfigRepo: 'ACME/Platform-Config',
        }),
        addHours(START, 1),
      );
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.followup).toEqual(first.followup);
      expect(first.followup).toMatchObject({
        state: 'pr-open',
        platformConfigRepo: 'acme/platform-config',
        requester: 'user:default/grace-liu',
        taskId: 'task-1',
        createdAt: START,
      });
      expect((await store.events(first.followup.id)).map(e => e.type)).toEqual([
        'recorded',
      ]);
    });

    it('moves states only forward: a late merge after the apply keeps it applied and notes the merge', async () => {
      const { store } = await fresh();
      const { followup } = await store.record(newFollowup(), START);
      const applied = await store.apply(
        followup.id,
        { kind: 'applied', at: addHours(START, 1), source: 'status' },
        'd-1',
        addHours(START, 1),
      );
      expect(applied).toMatchObject({ result: 'moved', from: 'pr-open' });
      expect(applied.followup.state).toBe('applied');

      const merged = await store.apply(
        followup.id,
        { kind: 'merged', at: addHours(START, 2) },
        'd-2',
        addHours(START, 2),
      );
      expect(merged.result).toBe('recorded');
      expect(merged.followup).toMatchObject({
        state: 'applied',
        mergedAt: addHours(START, 2),
      });
      const failed = await store.apply(
        followup.id,
        {
          kind: 'apply-failed',
          at: addHours(START, 3),
          source: 's',
          reason: 'x',
        },
        'd-3',
        addHours(START, 3),
      );
      expect(failed.result).toBe('recorded');
      expect(failed.followup.state).toBe('applied');
      expect(failed.followup.applyFailure).toBeUndefined();
    });

    it('takes merged, then applied, in that order too', async () => {
      const { store } = await fresh();
      const { followup } = await store.record(newFollowup(), START);
      const merged = await store.apply(
        followup.id,
        { kind: 'merged', at: START, headSha: 'b'.repeat(40) },
        'd-1',
        START,
      );
      expect(merged).toMatchObject({ result: 'moved', from: 'pr-open' });
      expect(merged.followup).toMatchObject({
        state: 'merged',
        headSha: 'b'.repeat(40),
      });
      const applied = await store.apply(
        followup.id,
        { kind: 'applied', at: START, source: 'comment' },
        'd-2',
        START,
      );
      expect(applied).toMatchObject({ result: 'moved', from: 'merged' });
    });

    it('applies a delivery once: the same delivery id again is a replay and changes nothing', async () => {
      const { store } = await fresh();
      const { followup } = await store.record(newFollowup(), START);
      const happening = {
        kind: 'apply-failed' as const,
        at: START,
        source: 'status',
        reason: 'quota',
      };
      const first = await store.apply(followup.id, happening, 'same', START);
      const second = await store.apply(followup.id, happening, 'same', START);
      expect(first.result).toBe('moved');
      expect(second.result).toBe('replay');
      expect(
        (await store.events(followup.id)).filter(
          e => e.type === 'apply-failed',
        ),
      ).toHaveLength(1);
    });

    it('lets exactly one of many concurrent callers claim the "applied" message', async () => {
      const { store } = await fresh();
      const { followup } = await store.record(newFollowup(), START);
      expect(await store.claimNotification(followup.id, START)).toBe(false);
      await store.apply(
        followup.id,
        { kind: 'applied', at: START, source: 's' },
        undefined,
        START,
      );
      const claims = await Promise.all(
        Array.from({ length: 5 }, () =>
          store.claimNotification(followup.id, START),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.listUnnotified()).toEqual([]);
      await store.releaseNotification(followup.id);
      expect((await store.listUnnotified()).map(f => f.id)).toEqual([
        followup.id,
      ]);
    });

    it('finds follow-ups by pull request, head commit or branch, and by entity', async () => {
      const { store } = await fresh();
      const { followup } = await store.record(newFollowup(), START);
      await store.record(
        newFollowup({
          pullRequestNumber: 8,
          service: 'other',
          entityRef: 'component:default/other',
          branch: 'runway/new-service-other',
        }),
        START,
      );
      await store.setHeadSha(followup.id, 'c'.repeat(40));
      expect((await store.byPullRequest('ACME/platform-config', 7))?.id).toBe(
        followup.id,
      );
      expect(
        (await store.byCommit(REPO, 'c'.repeat(40), [])).map(f => f.id),
      ).toEqual([followup.id]);
      expect(
        (
          await store.byCommit(REPO, 'd'.repeat(40), [
            'runway/new-service-other',
          ])
        ).map(f => f.prNumber),
      ).toEqual([8]);
      expect(
        (await store.list({ entityRef: 'Component:default/ledger-api' })).map(
          f => f.id,
        ),
      ).toEqual([followup.id]);
    });

    it('reminds once per window, only while unapplied', async () => {
      const { store } = await fresh();
      const { followup } = await store.record(newFollowup(), START);
      const dayLater = addHours(START, 25);
      const before = addHours(dayLater, -24);
      expect(
        (await store.listDueReminders(before, before)).map(f => f.id),
      ).toEqual([followup.id]);
      const claims = await Promise.all(
        Array.from({ length: 3 }, () =>
          store.claimReminder(followup.id, before, dayLater),
        ),
      );
      expect(claims.filter(c => c !== undefined)).toEqual([1]);
      expect(await store.listDueReminders(before, before)).toEqual([]);

      const twoDays = addHours(START, 49);
      const before2 = addHours(twoDays, -24);
      expect(await store.claimReminder(followup.id, before2, twoDays)).toBe(2);

      await store.apply(
        followup.id,
        { kind: 'applied', at: twoDays, source: 's' },
        undefined,
        twoDays,
      );
      const later = addHours(START, 100);
      expect(await store.listDueReminders(later, later)).toEqual([]);
      expect(
        await store.claimReminder(followup.id, later, later),
      ).toBeUndefined();
    });

    it('migrates down and up again', async () => {
      const { knex } = await fresh();
      const directory = resolvePackagePath(
        '@runway/plugin-delivery-backend',
        'migrations',
      );
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('followups')).toBe(false);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('followup_deliveries')).toBe(true);
    });
  },
);
