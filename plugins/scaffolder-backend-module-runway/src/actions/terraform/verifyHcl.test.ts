import { ModuleSpec, normalizeModules, renderMainTf } from './hcl';
import {
  HclVerificationError,
  decodeTemplateLiteral,
  findMainTfMismatches,
  verifyMainTf,
} from './verifyHcl';

const modules: ModuleSpec[] = normalizeModules([
  {
    name: 'database',
    source: '../../modules/database/postgres',
    variables: {
      service: 'payments-api',
      note: 'literal ${var.secret} and %{ if }',
      subnet_ids: ['subnet-a', 'subnet-b'],
      tags: { team: 'payments' },
      multi_az: true,
      storage: 50,
    },
  },
]);
const text = renderMainTf(modules);

describe('decodeTemplateLiteral', () => {
  it.each([
    ['plain', 'plain', false],
    ['$${x}', '${x}', false],
    ['%%{x}', '%{x}', false],
    ['$$${x}', '$${x}', false],
    ['$$$${x}', '$$${x}', false],
    ['a$$b %% $', 'a$$b %% $', false],
    ['${var.x}', '${var.x}', true],
    ['%{if true}x%{endif}', '%{if true}x%{endif}', true],
    ['%%%{x}', '%%{x}', false],
    ['%%{a}%{b}', '%{a}%{b}', true],
  ])('%j → %j (template: %s)', (input, value, hasTemplate) => {
    expect(decodeTemplateLiteral(input)).toEqual({ value, hasTemplate });
  });
});

describe('verifyMainTf', () => {
  it('accepts the serializer’s output for its own inputs', async () => {
    await expect(findMainTfMismatches(text, modules)).resolves.toEqual([]);
    await expect(verifyMainTf(text, modules)).resolves.toBeUndefined();
  });

  it('reports an interpolation that was not in the input', async () => {
    const tampered = text.replace('$${var.secret', '${var.secret');
    expect(tampered).not.toBe(text);
    const problems = await findMainTfMismatches(tampered, modules);
    expect(problems).toEqual([
      expect.stringMatching(/^modules\[0\]\.note: parsed an interpolation/),
    ]);
    await expect(verifyMainTf(tampered, modules)).rejects.toBeInstanceOf(
      HclVerificationError,
    );
  });

  it('reports an injected block, attribute or changed value', async () => {
    const injected = `${text}\nresource "aws_instance" "x" {\n  ami = "y"\n}\n`;
    expect(await findMainTfMismatches(injected, modules)).toEqual([
      'top-level blocks are [module,resource], expected [module]',
    ]);
    const extraAttr = text.replace('  storage', '  injected = 1\n  storage');
    expect(await findMainTfMismatches(extraAttr, modules)).toEqual([
      expect.stringMatching(/^modules\[0\]: expected .* parsed .*injected/),
    ]);
    const changed = text.replace('"subnet-b"', '"subnet-c"');
    expect(await findMainTfMismatches(changed, modules)).toEqual([
      'modules[0].subnet_ids[1]: expected "subnet-b", parsed "subnet-c"',
    ]);
    const retyped = text.replace('= 50', '= "50"');
    expect(await findMainTfMismatches(retyped, modules)).toEqual([
      'modules[0].storage: expected 50, parsed "50"',
    ]);
    const reference = text.replace('= true', '= var.multi_az');
    expect(await findMainTfMismatches(reference, modules)).toEqual([
      'modules[0].multi_az: expected true, parsed "${var.multi_az}"',
    ]);
  });

  it('reports a second block of the same module and an unexpected module', async () => {
    const twice = `${text}\n${text}`;
    expect(await findMainTfMismatches(twice, modules)).toEqual([
      'modules[0]: expected one module "database" block',
    ]);
    const other = `${text}\nmodule "other" {\n  source = "x"\n}\n`;
    expect(await findMainTfMismatches(other, modules)).toEqual([
      'unexpected module block "other"',
    ]);
  });

  it('reports text that does not parse', async () => {
    const problems = await findMainTfMismatches(
      `${text}\nmodule "x" {`,
      modules,
    );
    expect(problems[0]).toMatch(/^main\.tf does not parse/);
  });
});
