/** For the new-hire page's tests: the databases to run on, and runs made as the triggers make them. */
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Person } from '@runway/plugin-onboarding-common';
import { Knex } from 'knex';
import { OnboardingRun, OnboardingStore } from '../database/OnboardingStore';

/** SQLite always; the machine's PostgreSQL too when RUNWAY_TEST_POSTGRES_ID names it. */
export function newHireDatabases() {
  const postgres = process.env.RUNWAY_TEST_POSTGRES_ID as
    | TestDatabaseId
    | undefined;
  return TestDatabases.create({
    ids: postgres ? [postgres, 'SQLITE_3'] : ['SQLITE_3'],
  });
}

/** The plugin's store on `knex`, migrated. */
export function storeOn(knex: Knex) {
  return OnboardingStore.create({ database: { getClient: async () => knex } });
}

export const T0 = new Date('2027-01-04T08:00:00Z');
export const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

export function aHire(login: string, overrides: Partial<Person> = {}): Person {
  return {
    idpUserId: `00u-${login}`,
    name: login,
    email: `${login}@acme.example`,
    githubLogin: login,
    team: 'group:default/payments',
    manager: 'grace.liu@acme.example',
    startDate: '2027-01-04',
    ...overrides,
  };
}

/** A run the HR system asked for at `at`, started as a task at once (unless `started` is false). */
export async function runFor(
  store: OnboardingStore,
  person: Person,
  options: {
    at?: Date;
    kind?: 'onboard' | 'offboard';
    started?: boolean;
    delivery?: string;
  } = {},
): Promise<OnboardingRun> {
  const at = options.at ?? T0;
  const kind = options.kind ?? 'onboard';
  const result = await store.request(
    {
      deliveryId:
        options.delivery ?? `hr:${kind}-${person.idpUserId}-${at.getTime()}`,
      idpUserId: person.idpUserId,
      kind,
      source: 'hr',
      person,
    },
    at,
  );
  if (result.outcome === 'replayed') throw new Error('replayed');
  if (options.started !== false) {
    await store.markStarted(result.run.id, `task-${result.run.id}`, person, at);
  }
  return (await store.getRun(result.run.id))!;
}
