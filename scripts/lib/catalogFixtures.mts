/**
 * A generated organisation of exactly 10,000 catalogue entities for the catalogue-at-scale bench
 * (scripts/lib/benchCatalog.mts): the same seed always gives the same entities.
 *
 *   Domains 10, Systems 100, Groups 100 (one organisation, 9 departments, 90 teams, one of them
 *   `storefront`, the guest's team), Users 2,000 (members of one or two teams), Components 5,000
 *   (service/website/library; owner, system, lifecycle, tags, dependsOn components and resources,
 *   providesApis, consumesApis, some subcomponentOf), APIs 2,000 (each provided by one component),
 *   Resources 790.
 *
 * Every reference resolves to a generated entity, so every relation the catalogue stitches has
 * both ends.
 */
import fs from 'node:fs';
import path from 'node:path';

export const COUNTS = {
  domains: 10,
  systems: 100,
  groups: 100,
  users: 2000,
  components: 5000,
  apis: 2000,
  resources: 790,
} as const;

export const TOTAL_ENTITIES = Object.values(COUNTS).reduce((a, b) => a + b, 0);

/** The guest's team (app-config.yaml: auth.providers.guest.ownershipEntityRefs). */
export const GUEST_TEAM = 'storefront';

/** Words the names and descriptions are made of: search terms come from the same list. */
export const WORDS = [
  'payments',
  'checkout',
  'billing',
  'invoice',
  'ledger',
  'catalog',
  'search',
  'inventory',
  'shipping',
  'orders',
  'cart',
  'pricing',
  'promotion',
  'identity',
  'session',
  'profile',
  'notification',
  'email',
  'analytics',
  'reporting',
  'recommendation',
  'review',
  'rating',
  'media',
  'image',
  'video',
  'upload',
  'gateway',
  'routing',
  'scheduler',
  'audit',
  'fraud',
  'risk',
  'loyalty',
  'subscription',
  'tax',
  'currency',
  'warehouse',
  'delivery',
  'tracking',
  'support',
  'ticket',
  'chat',
  'feedback',
  'survey',
  'content',
  'editorial',
  'localisation',
  'translation',
  'metrics',
];

const SUFFIXES = [
  'api',
  'service',
  'worker',
  'web',
  'ui',
  'lib',
  'sdk',
  'store',
  'sync',
  'core',
];
const TAGS = [
  'java',
  'kotlin',
  'go',
  'typescript',
  'python',
  'rust',
  'kafka',
  'grpc',
  'graphql',
  'rest',
  'postgres',
  'redis',
  'react',
  'spring',
  'node',
  'terraform',
  'pci',
  'gdpr',
  'tier-1',
  'tier-2',
];
const COMPONENT_TYPES = ['service', 'service', 'service', 'website', 'library'];
const LIFECYCLES = [
  'production',
  'production',
  'production',
  'experimental',
  'deprecated',
];
const API_TYPES = ['openapi', 'openapi', 'grpc', 'asyncapi', 'graphql'];
const RESOURCE_TYPES = ['database', 'database', 's3-bucket', 'queue', 'cache'];

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)];
    },
    some<T>(items: readonly T[], count: number): T[] {
      const chosen = new Set<T>();
      while (chosen.size < Math.min(count, items.length)) {
        chosen.add(items[Math.floor(next() * items.length)]);
      }
      return [...chosen];
    },
  };
}

export interface Entity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    title?: string;
    description?: string;
    tags?: string[];
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

export interface Catalog {
  entities: Entity[];
  /** Names by kind, in generation order. */
  names: {
    groups: string[];
    teams: string[];
    users: string[];
    components: string[];
    apis: string[];
    resources: string[];
    systems: string[];
  };
}

const entity = (
  kind: string,
  metadata: Entity['metadata'],
  spec: Entity['spec'],
): Entity => ({ apiVersion: 'backstage.io/v1alpha1', kind, metadata, spec });

/** A name made of two words and a suffix, made unique with its index. */
function wordName(
  r: ReturnType<typeof prng>,
  index: number,
  suffixes: readonly string[],
) {
  return `${r.pick(WORDS)}-${r.pick(WORDS)}-${r.pick(suffixes)}-${index}`;
}

export function generateCatalog(seed = 16): Catalog {
  const r = prng(seed);
  const entities: Entity[] = [];

  // Groups: acme (organisation) > 9 departments > 90 teams (10 each).
  const departments = Array.from({ length: 9 }, (_, i) => `dept-${WORDS[i]}`);
  const teams = Array.from({ length: COUNTS.groups - 10 }, (_, i) =>
    i === 0 ? GUEST_TEAM : `team-${WORDS[i % WORDS.length]}-${i}`,
  );
  entities.push(
    entity(
      'Group',
      { name: 'acme', title: 'Acme' },
      { type: 'organization', children: departments },
    ),
  );
  departments.forEach((name, d) =>
    entities.push(
      entity(
        'Group',
        { name, description: `The ${WORDS[d]} department.` },
        {
          type: 'department',
          parent: 'acme',
          children: teams.filter((_, t) => t % 9 === d),
        },
      ),
    ),
  );
  teams.forEach((name, t) =>
    entities.push(
      entity(
        'Group',
        { name, description: `Builds and runs ${WORDS[t % WORDS.length]}.` },
        { type: 'team', parent: departments[t % 9], children: [] },
      ),
    ),
  );

  // Users, each in one or two teams.
  const users = Array.from({ length: COUNTS.users }, (_, i) => `user-${i}`);
  users.forEach(name => {
    const memberOf = r.some(teams, 1 + r.int(2));
    entities.push(
      entity(
        'User',
        { name },
        {
          profile: {
            displayName: `${r.pick(WORDS)} ${name}`,
            email: `${name}@acme.example`,
          },
          memberOf,
        },
      ),
    );
  });

  // Domains and systems.
  const domains = Array.from(
    { length: COUNTS.domains },
    (_, i) => `domain-${WORDS[i * 3]}`,
  );
  domains.forEach((name, i) =>
    entities.push(
      entity('Domain', { name }, { owner: `group:${departments[i % 9]}` }),
    ),
  );
  const systems = Array.from(
    { length: COUNTS.systems },
    (_, i) => `system-${WORDS[i % WORDS.length]}-${i}`,
  );
  const systemOwner = (s: number) => teams[s % teams.length];
  systems.forEach((name, i) =>
    entities.push(
      entity(
        'System',
        { name, description: `The ${WORDS[i % WORDS.length]} system.` },
        {
          owner: `group:${systemOwner(i)}`,
          domain: domains[i % domains.length],
        },
      ),
    ),
  );

  const components = Array.from({ length: COUNTS.components }, (_, i) =>
    wordName(r, i, SUFFIXES),
  );
  const apis = Array.from({ length: COUNTS.apis }, (_, i) =>
    wordName(r, i, ['api', 'events', 'grpc']),
  );
  const resources = Array.from({ length: COUNTS.resources }, (_, i) =>
    wordName(r, i, ['db', 'bucket', 'queue', 'cache']),
  );

  components.forEach((name, i) => {
    const system = r.int(systems.length);
    // Mostly the system's team; sometimes another team.
    const owner = r.next() < 0.8 ? systemOwner(system) : r.pick(teams);
    const type = r.pick(COMPONENT_TYPES);
    const dependsOn = [
      ...r
        .some(components, r.int(4))
        .filter(c => c !== name)
        .map(c => `component:${c}`),
      ...r.some(resources, r.int(3)).map(res => `resource:${res}`),
    ];
    const words = name.split('-');
    const spec: Record<string, unknown> = {
      type,
      lifecycle: r.pick(LIFECYCLES),
      owner: `group:${owner}`,
      system: systems[system],
      dependsOn,
      providesApis: i < apis.length ? [apis[i]] : [],
      consumesApis: r.some(apis, r.int(4)),
    };
    if (type === 'library' && i > 0 && r.next() < 0.2) {
      spec.subcomponentOf = `component:${components[r.int(i)]}`;
    }
    entities.push(
      entity(
        'Component',
        {
          name,
          description: `${words[0]} ${words[1]} ${words[2]} for the ${systems[system]} system, run by ${owner}.`,
          tags: r.some(TAGS, 1 + r.int(3)),
          annotations: {
            'github.com/project-slug': `acme/${name}`,
            'backstage.io/source-location': `url:https://github.com/acme/${name}/tree/main/`,
          },
        },
        spec,
      ),
    );
  });

  apis.forEach((name, i) => {
    const provider = i; // component i provides api i
    const system = systems[r.int(systems.length)];
    const type = r.pick(API_TYPES);
    entities.push(
      entity(
        'API',
        {
          name,
          description: `The ${name.split('-').slice(0, 2).join(' ')} API of ${
            components[provider]
          }.`,
          tags: r.some(TAGS, 1 + r.int(2)),
        },
        {
          type,
          lifecycle: r.pick(LIFECYCLES),
          owner: `group:${r.pick(teams)}`,
          system,
          definition:
            type === 'openapi'
              ? `openapi: 3.0.0\ninfo:\n  title: ${name}\n  version: 1.0.0\npaths:\n  /${
                  name.split('-')[0]
                }:\n    get:\n      responses:\n        '200':\n          description: ok\n`
              : `# ${type} definition of ${name}\n`,
        },
      ),
    );
  });

  resources.forEach(name => {
    const system = r.int(systems.length);
    entities.push(
      entity(
        'Resource',
        {
          name,
          description: `Storage: ${name.split('-').slice(0, 2).join(' ')}.`,
        },
        {
          type: r.pick(RESOURCE_TYPES),
          owner: `group:${systemOwner(system)}`,
          system: systems[system],
        },
      ),
    );
  });

  if (entities.length !== TOTAL_ENTITIES) {
    throw new Error(
      `generated ${entities.length} entities, expected ${TOTAL_ENTITIES}`,
    );
  }
  return {
    entities,
    names: {
      groups: ['acme', ...departments, ...teams],
      teams,
      users,
      components,
      apis,
      resources,
      systems,
    },
  };
}

/**
 * Writes the entities as YAML documents (JSON is YAML) into `dir`, 500 a file, and returns the
 * glob a `file` catalog location targets.
 */
export function writeCatalog(catalog: Catalog, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const perFile = 500;
  for (let i = 0; i * perFile < catalog.entities.length; i++) {
    const docs = catalog.entities
      .slice(i * perFile, (i + 1) * perFile)
      .map(e => `---\n${JSON.stringify(e)}\n`)
      .join('');
    fs.writeFileSync(
      path.join(dir, `entities-${String(i).padStart(3, '0')}.yaml`),
      docs,
    );
  }
  return path.join(dir, '*.yaml');
}
