/**
 * The HCL serializer behind `terraform:pr:create`: turns module inputs into `terraform fmt`-style
 * HCL in which every user value is a quoted, escaped literal, so no input can add a block, an
 * attribute or an interpolation. Inputs are checked first and rejected with the field that is wrong.
 */
import { InputError } from '@backstage/errors';
import { isPlainObject, setOwn } from './objects';

/** A value Runway writes into HCL: what a template author can give in YAML. */
export type HclValue =
  | string
  | number
  | boolean
  | HclValue[]
  | { [key: string]: HclValue };

export interface ModuleSpec {
  /** The module block's label; a Terraform identifier. */
  name: string;
  /** The module's `source` argument. */
  source: string;
  /** The module's `version` argument (registry sources only). */
  version?: string;
  /** The module's input variables, in the order they are written. */
  variables?: Record<string, HclValue>;
}

/** Terraform's identifier: a letter or underscore, then letters, digits, underscores and dashes. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Names Terraform reserves and never accepts as a module's input variable. */
const RESERVED_VARIABLES = new Set([
  'source',
  'version',
  'providers',
  'count',
  'for_each',
  'lifecycle',
  'depends_on',
  'locals',
]);

/** Bare object keys HCL would read as a literal or the start of a `for` expression. */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if']);

const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** The HCL quoted-string literal whose value is exactly `value`, with no template sequences. */
export function hclString(value: string): string {
  let out = '"';
  // Template escapes first: `$${` and `%%{` are the literal `${` and `%{`.
  for (const ch of value.replace(/([$%])\{/g, '$1$1{')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f))
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Checks modules against what Terraform and the serializer accept and returns them in canonical
 * form: strings in Unicode NFC, which is how HCL reads every string literal anyway.
 * Throws InputError naming the field, e.g. `modules[1].variables.bad key`.
 */
export function normalizeModules(
  modules: unknown,
  field = 'modules',
): ModuleSpec[] {
  if (!Array.isArray(modules))
    throw new InputError(`${field} must be a list of modules`);
  const seen = new Set<string>();
  const normalizedModules = modules.map((module, i) => {
    const at = `${field}[${i}]`;
    if (!isPlainObject(module))
      throw new InputError(
        `${at} must be an object with name, source and variables`,
      );
    const { name, source, version, variables, enabled, ...rest } = module;
    const unknown = Object.keys(rest);
    if (unknown.length)
      throw new InputError(
        `${at} has unknown field(s) ${unknown.join(
          ', ',
        )}; a module has name, source, version, variables and enabled`,
      );
    if (enabled !== undefined && typeof enabled !== 'boolean')
      throw new InputError(
        `${at}.enabled must be true or false, e.g. \${{ parameters.database != 'none' }}`,
      );
    // A disabled module is still checked, so a template's typo shows up whatever the form said.
    if (typeof name !== 'string' || !isIdentifier(name))
      throw new InputError(
        `${at}.name ${JSON.stringify(
          name,
        )} is not a Terraform identifier: start with a letter or underscore, then use letters, digits, underscores and dashes`,
      );
    if (seen.has(name))
      throw new InputError(
        `${at}.name "${name}" is used by an earlier module; module names must be unique`,
      );
    seen.add(name);
    const normalized: ModuleSpec = {
      name,
      source: normalizeString(source, `${at}.source`),
    };
    if (!normalized.source)
      throw new InputError(
        `${at}.source is empty; give the module's source, e.g. ../../modules/service`,
      );
    if (version !== undefined)
      normalized.version = normalizeString(version, `${at}.version`);
    if (variables !== undefined) {
      if (!isPlainObject(variables))
        throw new InputError(
          `${at}.variables must be a map of variable name to value`,
        );
      normalized.variables = normalizeVariables(variables, `${at}.variables`);
    }
    return { module: normalized, enabled: enabled !== false };
  });
  return normalizedModules.filter(m => m.enabled).map(m => m.module);
}

function normalizeVariables(
  variables: Record<string, unknown>,
  at: string,
): Record<string, HclValue> {
  const out: Record<string, HclValue> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (!isIdentifier(key))
      throw new InputError(
        `${at}.${key} is not a valid variable name: start with a letter or underscore, then use letters, digits, underscores and dashes`,
      );
    if (RESERVED_VARIABLES.has(key))
      throw new InputError(
        `${at}.${key} uses a name Terraform reserves for module arguments; rename the variable`,
      );
    setOwn(out, key, normalizeValue(value, `${at}.${key}`));
  }
  return out;
}

function normalizeValue(value: unknown, at: string): HclValue {
  if (typeof value === 'string') return normalizeString(value, at);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new InputError(`${at} is ${value}; HCL numbers must be finite`);
    return value;
  }
  if (Array.isArray(value))
    return value.map((item, i) => normalizeValue(item, `${at}[${i}]`));
  if (isPlainObject(value)) {
    const out: Record<string, HclValue> = {};
    for (const [rawKey, item] of Object.entries(value)) {
      const key = normalizeString(rawKey, `${at}.${rawKey}`);
      if (Object.prototype.hasOwnProperty.call(out, key))
        throw new InputError(
          `${at} has the key ${JSON.stringify(
            key,
          )} twice (after Unicode normalization)`,
        );
      setOwn(out, key, normalizeValue(item, `${at}.${rawKey}`));
    }
    return out;
  }
  const kind = value === null ? 'null' : typeof value;
  throw new InputError(
    `${at} is ${kind}; give a string, number, boolean, list or map`,
  );
}

function normalizeString(value: unknown, at: string): string {
  if (typeof value !== 'string')
    throw new InputError(
      `${at} must be a string, got ${value === null ? 'null' : typeof value}`,
    );
  if (LONE_SURROGATE.test(value))
    throw new InputError(
      `${at} contains an unpaired UTF-16 surrogate, which cannot be written as UTF-8`,
    );
  return value.normalize('NFC');
}

/** `main.tf`: one module block per module, in input order. Give it normalizeModules' output. */
export function renderMainTf(modules: ModuleSpec[]): string {
  return modules.map(renderModule).join('\n');
}

function renderModule(module: ModuleSpec): string {
  const head: [string, HclValue][] = [['source', module.source]];
  if (module.version !== undefined) head.push(['version', module.version]);
  const variables = Object.entries(module.variables ?? {});
  const lines = [
    `module ${hclString(module.name)} {`,
    ...renderAttributes(head, 1),
    // terraform's style: meta-arguments first, a blank line, then the inputs.
    ...(variables.length ? ['', ...renderAttributes(variables, 1)] : []),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

const indent = (depth: number) => '  '.repeat(depth);

/**
 * Attribute lines at `depth`. Runs of single-line attributes get their `=` aligned; a multi-line
 * value ends the run, as `terraform fmt` does.
 */
function renderAttributes(
  entries: [string, HclValue][],
  depth: number,
): string[] {
  const rendered = entries.map(([key, value]) => ({
    key,
    value: renderValue(value, depth),
  }));
  const out: string[] = [];
  let run: typeof rendered = [];
  const flush = () => {
    const width = Math.max(0, ...run.map(r => columns(r.key)));
    for (const r of run)
      out.push(
        `${indent(depth)}${r.key}${' '.repeat(width - columns(r.key))} = ${
          r.value[0]
        }`,
      );
    run = [];
  };
  for (const r of rendered) {
    if (r.value.length === 1) {
      run.push(r);
      continue;
    }
    flush();
    out.push(`${indent(depth)}${r.key} = ${r.value[0]}`, ...r.value.slice(1));
  }
  flush();
  return out;
}

/** The lines of a value whose first line follows `key = ` at `depth`; later lines are indented. */
function renderValue(value: HclValue, depth: number): string[] {
  if (typeof value === 'string') return [hclString(value)];
  if (typeof value === 'number') return [String(value)];
  if (typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) {
    if (value.every(isInline))
      return [`[${value.map(v => renderValue(v, depth)[0]).join(', ')}]`];
    const items = value.flatMap(item => {
      const lines = renderValue(item, depth + 1);
      lines[0] = `${indent(depth + 1)}${lines[0]}`;
      lines[lines.length - 1] += ',';
      return lines;
    });
    return ['[', ...items, `${indent(depth)}]`];
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return ['{}'];
  const keyed = entries.map(([k, v]): [string, HclValue] => [objectKey(k), v]);
  return ['{', ...renderAttributes(keyed, depth + 1), `${indent(depth)}}`];
}

/** Scalars, lists of inline values and empty maps fit on one line. */
function isInline(value: HclValue): boolean {
  if (Array.isArray(value)) return value.every(isInline);
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return true;
}

function objectKey(key: string): string {
  return isIdentifier(key) && !KEYWORDS.has(key) ? key : hclString(key);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Width as `terraform fmt` counts it when aligning: grapheme clusters. */
function columns(text: string): number {
  return [...graphemes.segment(text)].length;
}
