/**
 * A small static evaluator for the HCL expressions policies most need to see through, without
 * running Terraform: `local.<name>`, `merge(...)` of maps (the keys it can see; maps that come only
 * from variables add nothing) and `jsonencode(...)` of literals. Anything else stays the
 * expression string hcl2json gives (`"${var.x}"`).
 */
import { parseHcl } from './hcl';
import { isPlainObject } from './parsed';

const MAX_DEPTH = 12;

export class HclStatic {
  private readonly parsed = new Map<string, Promise<unknown>>();

  constructor(private readonly locals: Record<string, unknown>) {}

  async resolve(value: unknown, depth = 0): Promise<unknown> {
    if (typeof value === 'string') return this.resolveString(value, depth);
    if (Array.isArray(value))
      return Promise.all(value.map(v => this.resolve(v, depth)));
    if (isPlainObject(value)) {
      const entries = await Promise.all(
        Object.entries(value).map(
          async ([k, v]) => [k, await this.resolve(v, depth)] as const,
        ),
      );
      return Object.fromEntries(entries);
    }
    return value;
  }

  private async resolveString(text: string, depth: number): Promise<unknown> {
    const expression = wholeInterpolation(text);
    if (expression === undefined || depth > MAX_DEPTH) return text;
    const local = /^local\.([A-Za-z_][\w-]*)$/.exec(expression);
    if (local) {
      const name = local[1];
      return Object.prototype.hasOwnProperty.call(this.locals, name)
        ? this.resolve(this.locals[name], depth + 1)
        : text;
    }
    const call = callOf(expression);
    if (call?.name === 'merge') {
      const values = await Promise.all(
        call.args.map(a => this.expression(a, depth + 1)),
      );
      const maps = values.filter(isPlainObject);
      return maps.length ? Object.assign({}, ...maps) : text;
    }
    if (call?.name === 'jsonencode' && call.args.length === 1) {
      const value = await this.expression(call.args[0], depth + 1);
      return typeof value === 'string' &&
        wholeInterpolation(value) !== undefined
        ? text
        : JSON.stringify(value);
    }
    return text;
  }

  /** A raw HCL expression's value: hcl2json reads literals, the rest is resolved in turn. */
  private async expression(source: string, depth: number): Promise<unknown> {
    let value = this.parsed.get(source);
    if (!value) {
      value = parseHcl('expression.tf', `v = ${source}\n`).then(
        r => (r as { v?: unknown }).v,
        () => `\${${source}}`,
      );
      this.parsed.set(source, value);
    }
    return this.resolve(await value, depth);
  }
}

/** The expression of a string that is exactly one `${...}`, else undefined. */
export function wholeInterpolation(text: string): string | undefined {
  if (!text.startsWith('${') || !text.endsWith('}')) return undefined;
  const end = matching(text, 1, '{', '}');
  return end === text.length - 1 ? text.slice(2, -1).trim() : undefined;
}

/** `name(args)` when the parenthesis opened after name closes at the end. */
function callOf(
  expression: string,
): { name: string; args: string[] } | undefined {
  const m = /^([A-Za-z_]\w*)\(/.exec(expression);
  if (!m) return undefined;
  const open = m[1].length;
  if (matching(expression, open, '(', ')') !== expression.length - 1)
    return undefined;
  return { name: m[1], args: splitTopLevel(expression.slice(open + 1, -1)) };
}

/** Index of the bracket closing the one at `start`, skipping quoted strings. */
function matching(
  text: string,
  start: number,
  open: string,
  close: string,
): number {
  let depth = 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map(p => p.trim()).filter(Boolean);
}
