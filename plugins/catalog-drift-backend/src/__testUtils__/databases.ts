import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/** SQLite always; the machine's PostgreSQL too when RUNWAY_TEST_POSTGRES_ID names it. */
export function driftDatabases() {
  const postgres = process.env.RUNWAY_TEST_POSTGRES_ID as
    | TestDatabaseId
    | undefined;
  return TestDatabases.create({
    ids: postgres ? [postgres, 'SQLITE_3'] : ['SQLITE_3'],
  });
}
