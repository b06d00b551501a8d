import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { parse } from '@cdktf/hcl2json';
import {
  HclValue,
  ModuleSpec,
  hclString,
  normalizeModules,
  renderMainTf,
} from './hcl';

jest.setTimeout(60_000);

const render = (modules: unknown) => renderMainTf(normalizeModules(modules));

/** What hcl2json gives back for a literal string: Terraform JSON keeps `${` / `%{` escaped. */
const asParsed = (s: string) =>
  s.replace(/([$%])\{/g, (_m, c: string) => `${c}${c}{`);

/** The input value as hcl2json returns it, strings (and map keys) re-escaped the way it does. */
function expectedParse(value: HclValue): unknown {
  if (typeof value === 'string') return asParsed(value);
  if (Array.isArray(value)) return value.map(expectedParse);
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [asParsed(k), expectedParse(v)]),
    );
  return value;
}

/** Parses main.tf with HashiCorp's parser and returns the body of its only module block. */
async function onlyModule(text: string, name: string) {
  const parsed = await parse('main.tf', text);
  expect(Object.keys(parsed)).toEqual(['module']);
  expect(Object.keys(parsed.module)).toEqual([name]);
  expect(parsed.module[name]).toHaveLength(1);
  return parsed.module[name][0] as Record<string, unknown>;
}

/** No `${` or `%{` that is not the escaped `$${` / `%%{` form, anywhere in a parsed value. */
function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string')
    // Tokenize left to right: escapes first, then template openers, then any one character.
    return (value.match(/\$\$\{|%%\{|[$%]\{|[^]/g) ?? []).some(
      t => t.length === 2,
    );
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (value && typeof value === 'object')
    return Object.entries(value).some(
      ([k, v]) => hasTemplate(k) || hasTemplate(v),
    );
  return false;
}

const GOLDEN_MODULES: ModuleSpec[] = [
  {
    name: 'service',
    source: '../../modules/service',
    variables: {
      name: 'payments-api',
      team: 'payments',
      cost_center: 'cc-1234',
      tier: 'medium',
      replicas: 3,
      public: false,
    },
  },
  {
    name: 'database',
    source: 'acme/postgres/aws',
    version: '~> 1.2',
    variables: {
      service: 'payments-api',
      subnet_ids: ['subnet-0a1b', 'subnet-2c3d'],
      tags: { team: 'payments', 'runway.dev/tier': 'gold' },
      allocated_storage: 50,
      ingress: [{ port: 5432, cidr: '10.0.0.0/8' }],
      extra_labels: [],
      options: {},
    },
  },
];

const GOLDEN = `module "service" {
  source = "../../modules/service"

  name        = "payments-api"
  team        = "payments"
  cost_center = "cc-1234"
  tier        = "medium"
  replicas    = 3
  public      = false
}

module "database" {
  source  = "acme/postgres/aws"
  version = "~> 1.2"

  service    = "payments-api"
  subnet_ids = ["subnet-0a1b", "subnet-2c3d"]
  tags = {
    team              = "payments"
    "runway.dev/tier" = "gold"
  }
  allocated_storage = 50
  ingress = [
    {
      port = 5432
      cidr = "10.0.0.0/8"
    },
  ]
  extra_labels = []
  options      = {}
}
`;

describe('renderMainTf', () => {
  it('writes canonical terraform fmt style: 2 spaces, aligned =, blank line between blocks, final newline', () => {
    expect(render(GOLDEN_MODULES)).toBe(GOLDEN);
  });

  it('reads back with HashiCorp’s parser as exactly the inputs', async () => {
    const parsed = await parse('main.tf', GOLDEN);
    expect(parsed).toEqual({
      module: {
        service: [
          { source: '../../modules/service', ...GOLDEN_MODULES[0].variables },
        ],
        database: [
          {
            source: 'acme/postgres/aws',
            version: '~> 1.2',
            ...GOLDEN_MODULES[1].variables,
          },
        ],
      },
    });
  });

  it('aligns = only within a run of single-line attributes; a multi-line value ends the run', () => {
    const text = render([
      {
        name: 'm',
        source: 's',
        variables: {
          a: 1,
          long_name: 2,
          map: { k: 'v' },
          b: 3,
          much_longer_name: 4,
        },
      },
    ]);
    expect(text).toBe(
      [
        'module "m" {',
        '  source = "s"',
        '',
        '  a         = 1',
        '  long_name = 2',
        '  map = {',
        '    k = "v"',
        '  }',
        '  b                = 3',
        '  much_longer_name = 4',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('counts width in characters, not UTF-16 units, when aligning quoted keys', () => {
    const text = render([
      { name: 'm', source: 's', variables: { tags: { ü: 1, '👍🏽': 2, ab: 3 } } },
    ]);
    // "ü" and "👍🏽" are 3 columns each (as terraform fmt counts), ab is 2.
    expect(text).toContain('    "ü" = 1\n    "👍🏽" = 2\n    ab  = 3\n');
  });

  it('puts scalar lists on one line and lists holding maps on several, with trailing commas', async () => {
    const variables = {
      flat: ['a', 1, true],
      nested: [['a', 'b'], [], [['c']]],
      objects: [{ name: 'x', ports: [80, 443] }, 'tail'],
      deep: { level1: { level2: { list: [{ k: 'v' }] } } },
      empty_map_in_list: [{}],
    };
    const text = render([{ name: 'm', source: 's', variables }]);
    expect(text).toBe(`module "m" {
  source = "s"

  flat   = ["a", 1, true]
  nested = [["a", "b"], [], [["c"]]]
  objects = [
    {
      name  = "x"
      ports = [80, 443]
    },
    "tail",
  ]
  deep = {
    level1 = {
      level2 = {
        list = [
          {
            k = "v"
          },
        ]
      }
    }
  }
  empty_map_in_list = [{}]
}
`);
    expect(await onlyModule(text, 'm')).toEqual({ source: 's', ...variables });
  });

  it('quotes map keys that are not identifiers, or that HCL would read as keywords', async () => {
    const tags = {
      'a b': 1,
      'x.y': 2,
      for: 3,
      true: 4,
      '9lives': 5,
      ok_key: 6,
      '': 7,
    };
    const text = render([{ name: 'm', source: 's', variables: { tags } }]);
    expect(text).toContain('    "a b"    = 1\n');
    expect(text).toContain('    "for"    = 3\n');
    expect(text).toContain('    "true"   = 4\n');
    expect(text).toContain('    ok_key   = 6\n');
    expect(text).toContain('    ""       = 7\n');
    expect((await onlyModule(text, 'm')).tags).toEqual(tags);
  });

  it('writes numbers so they parse back to the same value', async () => {
    const numbers = {
      a: 0,
      b: -3,
      c: 2.5,
      d: 1e21,
      e: 1e-7,
      f: 9007199254740993,
      g: 0.1,
    };
    const body = await onlyModule(
      render([{ name: 'm', source: 's', variables: numbers }]),
      'm',
    );
    expect(body).toEqual({ source: 's', ...numbers });
  });

  it('writes a module without variables as just its source', () => {
    expect(render([{ name: 'only', source: './x' }])).toBe(
      'module "only" {\n  source = "./x"\n}\n',
    );
  });
});

describe('hclString', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\temp', '"C:\\\\temp"'],
    ['a\nb\r\tc', '"a\\nb\\r\\tc"'],
    ['\u0000\u001b\u007f\u0085', '"\\u0000\\u001b\\u007f\\u0085"'],
    ['${jndi:ldap://x}', '"$${jndi:ldap://x}"'],
    ['%{ if true }', '"%%{ if true }"'],
    ['$${already}', '"$$${already}"'],
    ['$ and % and {}', '"$ and % and {}"'],
    ['ünïcödé 😀', '"ünïcödé 😀"'],
  ])('escapes %j', (input, expected) => {
    expect(hclString(input)).toBe(expected);
  });
});

describe('normalizeModules', () => {
  const error = (modules: unknown) => {
    try {
      normalizeModules(modules);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('expected an InputError');
  };
  const ok = { name: 'ok', source: 's' };

  it('names the module whose name is not an identifier', () => {
    expect(error([ok, { name: 'bad name', source: 's' }])).toMatch(
      /^modules\[1\]\.name "bad name" is not a Terraform identifier/,
    );
    expect(error([{ name: '1st', source: 's' }])).toMatch(
      /^modules\[0\]\.name/,
    );
    expect(error([{ name: 'a"{', source: 's' }])).toMatch(
      /^modules\[0\]\.name/,
    );
    expect(error([{ source: 's' }])).toMatch(/^modules\[0\]\.name/);
  });

  it('names the variable whose name is not an identifier', () => {
    expect(
      error([ok, { name: 'm', source: 's', variables: { 'bad key': 1 } }]),
    ).toMatch(/^modules\[1\]\.variables\.bad key is not a valid variable name/);
    expect(
      error([{ name: 'm', source: 's', variables: { 'x = 1\n}': 1 } }]),
    ).toMatch(/^modules\[0\]\.variables\.x = 1/);
  });

  it('refuses names Terraform reserves for module arguments', () => {
    for (const name of [
      'source',
      'version',
      'count',
      'for_each',
      'depends_on',
      'providers',
    ])
      expect(
        error([{ name: 'm', source: 's', variables: { [name]: 1 } }]),
      ).toMatch(
        new RegExp(
          `^modules\\[0\\]\\.variables\\.${name} uses a name Terraform reserves`,
        ),
      );
  });

  it('names the field of a value HCL cannot hold', () => {
    expect(
      error([{ name: 'm', source: 's', variables: { x: { y: [1, null] } } }]),
    ).toMatch(/^modules\[0\]\.variables\.x\.y\[1\] is null/);
    expect(error([{ name: 'm', source: 's', variables: { n: NaN } }])).toMatch(
      /^modules\[0\]\.variables\.n is NaN/,
    );
    expect(
      error([{ name: 'm', source: 's', variables: { n: Infinity } }]),
    ).toMatch(/finite/);
    expect(
      error([{ name: 'm', source: 's', variables: { d: new Date() } }]),
    ).toMatch(/^modules\[0\]\.variables\.d is object/);
    expect(
      error([{ name: 'm', source: 's', variables: { s: 'a\uD800b' } }]),
    ).toMatch(/^modules\[0\]\.variables\.s contains an unpaired/);
  });

  it('rejects other mistakes with the field to fix', () => {
    expect(error({})).toMatch(/^modules must be a list/);
    expect(error([ok, { name: 'ok', source: 't' }])).toMatch(
      /^modules\[1\]\.name "ok" is used by an earlier module/,
    );
    expect(error([{ name: 'm', source: 42 }])).toMatch(
      /^modules\[0\]\.source must be a string/,
    );
    expect(error([{ name: 'm', source: '' }])).toMatch(
      /^modules\[0\]\.source is empty/,
    );
    expect(error([{ name: 'm', source: 's', count: 2 }])).toMatch(
      /^modules\[0\] has unknown field\(s\) count/,
    );
    expect(error([{ name: 'm', source: 's', variables: [] }])).toMatch(
      /^modules\[0\]\.variables must be a map/,
    );
    expect(
      error([
        { name: 'm', source: 's', variables: { t: { 'e\u0301': 1, é: 2 } } },
      ]),
    ).toMatch(/twice/);
  });

  it('keeps __proto__ an ordinary key', async () => {
    const tags = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const [module] = normalizeModules([
      { name: 'm', source: 's', variables: { tags } },
    ]);
    expect(Object.keys(module.variables!.tags)).toEqual(['__proto__', 'a']);
    expect(({} as any).polluted).toBeUndefined();
    const body = await onlyModule(renderMainTf([module]), 'm');
    expect(Object.keys(body.tags as object).sort()).toEqual(['__proto__', 'a']);
  });

  it('normalizes strings to NFC, as HCL itself reads every string', async () => {
    const [module] = normalizeModules([
      { name: 'm', source: 's', variables: { s: 'e\u0301' } },
    ]);
    expect(module.variables!.s).toBe('\u00e9');
    expect((await onlyModule(renderMainTf([module]), 'm')).s).toBe('\u00e9');
  });
});

/** Strings meant to break out of a literal: quotes, escapes, templates, block syntax, paths, Unicode. */
const NASTY = [
  '"',
  '\\',
  '\\"',
  '"\\',
  '${jndi:ldap://evil.example/a}',
  '${var.secret}',
  '%{ if true }yes%{ endif }',
  '%{',
  '${',
  '$${escaped}',
  '$$${triple}',
  '%%{',
  'line1\nline2',
  'cr\rlf\r\n',
  '"} resource "x" "y" {',
  '"\n}\nresource "aws_instance" "pwned" {\n  ami = "x"\n}\nmodule "m2" {\n  x = "',
  '../../../etc/passwd',
  '<<EOT\nheredoc\nEOT',
  '# comment',
  '// comment',
  '/* comment */',
  'tab\there',
  '\u0000\u0001\u001f\u007f',
  '\u0085\u2028\u2029',
  'ünïcödé – 日本語 – עברית – 😀👍🏽👨‍👩‍👧',
  '\ufeffbom',
  '',
  ' ',
  '$',
  '%',
  '}',
  '{',
  '=',
];

describe('adversarial strings', () => {
  it('uses a template check that does see interpolations and directives', () => {
    expect(hasTemplate({ a: ['x${y}'] })).toBe(true);
    expect(hasTemplate({ 'k%{if x}': 1 })).toBe(true);
    expect(hasTemplate('$$${x}')).toBe(false);
    expect(hasTemplate('$${x} %%{y} $$$${z} %%%{w}')).toBe(false);
  });

  it.each(NASTY.map(s => [JSON.stringify(s), s]))(
    '%s stays one literal wherever it goes',
    async (_label, nasty) => {
      const variables = {
        value: nasty,
        list: ['before', nasty, 'after'],
        map: { [nasty]: nasty, plain: 'x' },
        nested: [{ k: [nasty] }],
      };
      const text = render([{ name: 'm', source: nasty || 's', variables }]);
      const body = await onlyModule(text, 'm');
      expect(body).toEqual(
        expectedParse({ source: nasty || 's', ...variables }),
      );
      expect(hasTemplate(body)).toBe(false);
    },
  );

  it('holds for random combinations of nasty fragments (property loop)', async () => {
    // A small deterministic PRNG, so a failure reproduces.
    let seed = 0x5eed;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const fragments = [
      ...NASTY,
      'a',
      'Z',
      '0',
      '$',
      '%',
      '{',
      '}',
      '\\',
      '"',
      '\n',
      '$$',
      '%%',
    ];
    const nastyString = () =>
      Array.from(
        { length: 1 + random(6) },
        () => fragments[random(fragments.length)],
      ).join('');
    const nastyValue = (depth: number): HclValue => {
      switch (depth > 2 ? random(3) : random(5)) {
        case 0:
          return nastyString();
        case 1:
          return random(2) ? random(1000) - 500 : random(2) === 1;
        case 2:
          return nastyString().normalize('NFC');
        case 3:
          return Array.from({ length: random(3) }, () => nastyValue(depth + 1));
        default:
          return Object.fromEntries(
            Array.from({ length: random(3) }, () => [
              nastyString(),
              nastyValue(depth + 1),
            ]),
          );
      }
    };
    for (let i = 0; i < 150; i++) {
      const [module] = normalizeModules([
        {
          name: 'm',
          source: nastyString() || 's',
          variables: { v: nastyValue(0), w: nastyString() },
        },
      ]);
      const body = await onlyModule(renderMainTf([module]), 'm');
      expect(body).toEqual(
        expectedParse({ source: module.source, ...module.variables }),
      );
      expect(hasTemplate(body)).toBe(false);
    }
  });
});

// terraform itself is the authority on its format: checked where it is installed, skipped elsewhere.
const terraformOnPath = (process.env.PATH ?? '')
  .split(path.delimiter)
  .some(dir => dir && fs.existsSync(path.join(dir, 'terraform')));

(terraformOnPath ? describe : describe.skip)('terraform fmt', () => {
  it('leaves rendered files unchanged', async () => {
    const texts = [
      GOLDEN,
      render([
        {
          name: 'm',
          source: 's',
          variables: { tags: { ü: 1, '👍🏽': 2, ab: 3 }, n: NASTY },
        },
      ]),
      render(
        NASTY.map((s, i) => ({
          name: `m${i}`,
          source: s || 's',
          variables: { v: s, map: { [s]: s } },
        })),
      ),
    ];
    for (const text of texts) {
      const child = execFile('terraform', ['fmt', '-']);
      const out = new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.stdout!.on('data', d => (stdout += d));
        child.on('error', reject);
        child.on('close', code =>
          code === 0
            ? resolve(stdout)
            : reject(new Error(`terraform fmt exited ${code}`)),
        );
      });
      child.stdin!.end(text);
      expect(await out).toBe(text);
    }
  });
});
