/**
 * The catalog as Runway configures it, on every database the suite can reach: the demo
 * organisation, Runway itself and the golden-path templates load with no processing errors.
 */
import path from 'node:path';
import request from 'supertest';
import { startTestBackend, mockServices } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  testDatabases,
  assertPostgresNotSkipped,
} from './__testUtils__/databases';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');
const databases = testDatabases();

beforeAll(assertPostgresNotSkipped);

describe.each(databases.eachSupportedId())('catalog on %s', databaseId => {
  it('loads the demo organisation, Runway and its templates without errors', async () => {
    const knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Domain',
                    'API',
                    'Resource',
                    'Location',
                    'User',
                    'Group',
                  ],
                },
              ],
              locations: [
                {
                  type: 'file',
                  target: path.join(repoRoot, 'catalog-info.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(repoRoot, 'examples/all.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(repoRoot, 'templates/*/template.yaml'),
                  rules: [{ allow: ['Template'] }],
                },
              ],
            },
          },
        }),
      ],
    });
    try {
      // Processing and stitching are eventually consistent: poll until every relation
      // resolves, and report what still dangles if it never does.
      let dangling: string[] = [];
      const entities = await waitFor(async () => {
        const res = await request(backend.server).get('/api/catalog/entities');
        const items = res.body as any[];
        const kinds = new Set(items.map(e => e.kind));
        const allKinds = [
          'Component',
          'Group',
          'User',
          'System',
          'API',
          'Resource',
          'Template',
        ];
        dangling = danglingRelations(items);
        return allKinds.every(k => kinds.has(k)) &&
          items.length >= 40 &&
          dangling.length === 0
          ? items
          : undefined;
      }).catch(error => {
        throw new Error(
          `${error.message}; relations to missing entities: ${dangling.join(
            ', ',
          )}`,
        );
      });
      // Processing errors land in entity status; none may have any.
      const errors = entities.flatMap(e =>
        (e.status?.items ?? []).filter((i: any) => i.level === 'error'),
      );
      expect(errors).toEqual([]);
      const runway = entities.find(
        e => e.metadata.name === 'runway' && e.kind === 'Component',
      );
      expect(runway.spec.owner).toBe('group:default/platform');
      expect(runway.metadata.annotations['backstage.io/techdocs-ref']).toBe(
        'dir:.',
      );
    } finally {
      await backend.stop();
    }
  });
});

/** `<entity> <relation> <target>` for every relation whose target is not in the catalog. */
function danglingRelations(entities: any[]): string[] {
  const refs = new Set(
    entities.map(e =>
      `${e.kind}:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`.toLocaleLowerCase('en-US'),
    ),
  );
  return entities.flatMap(e =>
    (e.relations ?? [])
      .filter((r: any) => !refs.has(r.targetRef))
      .map((r: any) => `${e.metadata.name} ${r.type} ${r.targetRef}`),
  );
}

async function waitFor<T>(fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error('catalog did not finish processing in 45s');
    await new Promise(r => setTimeout(r, 500));
  }
}
