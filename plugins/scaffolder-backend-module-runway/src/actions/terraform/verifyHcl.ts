/**
 * The round-trip check: parse rendered HCL with HashiCorp's own parser (hcl2json, the Go HCL
 * library compiled to WASM) and compare what it read with the inputs, before anything is pushed.
 */
import { CustomErrorBase } from '@backstage/errors';
import { policyEngine } from '../../lib/policyEngine';
import { HclValue, ModuleSpec } from './hcl';

/** Rendered HCL that does not read back as its inputs: a serializer bug, so nothing is pushed. */
export class HclVerificationError extends CustomErrorBase {
  name = 'HclVerificationError' as const;
}

/**
 * hcl2json answers in Terraform's JSON syntax, where strings are templates: a literal `${` or
 * `%{` comes back escaped as `$${` / `%%{`, and an interpolation or directive comes back as its
 * source text (`${var.x}`). This undoes the escapes and says whether any template sequence is left.
 */
export function decodeTemplateLiteral(text: string): {
  value: string;
  hasTemplate: boolean;
} {
  let value = '';
  let hasTemplate = false;
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    if (
      (ch === '$' || ch === '%') &&
      text[i + 1] === ch &&
      text[i + 2] === '{'
    ) {
      value += `${ch}{`;
      i += 3;
    } else if ((ch === '$' || ch === '%') && text[i + 1] === '{') {
      hasTemplate = true;
      value += `${ch}{`;
      i += 2;
    } else {
      value += ch;
      i += 1;
    }
  }
  return { value, hasTemplate };
}

/** Where the parsed `main.tf` differs from `modules`; empty when it reads back exactly. */
export async function findMainTfMismatches(
  text: string,
  modules: ModuleSpec[],
): Promise<string[]> {
  let parsed: Record<string, unknown>;
  try {
    parsed = await policyEngine().parseHcl('main.tf', text);
  } catch (e) {
    return [`main.tf does not parse: ${(e as Error).message}`];
  }
  const problems: string[] = [];
  const expectedKinds = modules.length ? ['module'] : [];
  const kinds = Object.keys(parsed);
  if (!sameKeys(kinds, expectedKinds))
    problems.push(
      `top-level blocks are [${kinds}], expected [${expectedKinds}]`,
    );
  const blocks = (parsed.module ?? {}) as Record<string, unknown>;
  const names = Object.keys(blocks);
  for (const name of names) {
    const decoded = decodeTemplateLiteral(name);
    if (decoded.hasTemplate || !modules.some(m => m.name === decoded.value))
      problems.push(`unexpected module block ${JSON.stringify(name)}`);
  }
  modules.forEach((module, i) => {
    const at = `modules[${i}]`;
    const found = blocks[module.name];
    if (!Array.isArray(found) || found.length !== 1) {
      problems.push(`${at}: expected one module "${module.name}" block`);
      return;
    }
    const expected: Record<string, HclValue> = {
      source: module.source,
      ...(module.version !== undefined ? { version: module.version } : {}),
      ...module.variables,
    };
    problems.push(...compare(expected, found[0], at));
  });
  return problems;
}

/** Throws HclVerificationError unless `text` parses back to exactly `modules`. */
export async function verifyMainTf(
  text: string,
  modules: ModuleSpec[],
): Promise<void> {
  const problems = await findMainTfMismatches(text, modules);
  if (problems.length)
    throw new HclVerificationError(
      `The rendered main.tf does not read back as its inputs, so nothing was pushed (a bug in Runway's HCL serializer; report it with the task id): ${problems.join(
        '; ',
      )}`,
    );
}

/** The differences between an input value and what hcl2json parsed for it. */
function compare(expected: HclValue, actual: unknown, at: string): string[] {
  const differs = () => [
    `${at}: expected ${JSON.stringify(expected)}, parsed ${JSON.stringify(
      actual,
    )}`,
  ];
  if (typeof expected === 'string') {
    if (typeof actual !== 'string') return differs();
    const decoded = decodeTemplateLiteral(actual);
    if (decoded.hasTemplate)
      return [
        `${at}: parsed an interpolation or directive in ${JSON.stringify(
          actual,
        )}`,
      ];
    return decoded.value === expected ? [] : differs();
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return differs();
    return expected.flatMap((item, i) =>
      compare(item, actual[i], `${at}[${i}]`),
    );
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual))
      return differs();
    const problems: string[] = [];
    const parsed = new Map<string, unknown>();
    for (const [key, value] of Object.entries(actual)) {
      const decoded = decodeTemplateLiteral(key);
      if (decoded.hasTemplate)
        problems.push(
          `${at}: parsed an interpolation in the key ${JSON.stringify(key)}`,
        );
      parsed.set(decoded.value, value);
    }
    if (!sameKeys([...parsed.keys()], Object.keys(expected)))
      return [...problems, ...differs()];
    return [
      ...problems,
      ...Object.entries(expected).flatMap(([key, value]) =>
        compare(value, parsed.get(key), `${at}.${key}`),
      ),
    ];
  }
  return actual === expected ? [] : differs();
}

function sameKeys(a: string[], b: string[]): boolean {
  const set = new Set(a);
  return (
    a.length === b.length && set.size === a.length && b.every(k => set.has(k))
  );
}
