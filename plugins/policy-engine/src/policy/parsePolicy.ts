/**
 * Reads one policy file: checks every field against the format in policies/README.md (naming the
 * field and its line when something is wrong) and compiles its CEL expressions once.
 */
import path from 'node:path';
import {
  LineCounter,
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node,
} from 'yaml';
import { CelCompileError, compileExpression } from '../cel/compile';
import { PolicyLoadError } from '../errors';
import type { Policy, PolicyMatch, Severity } from '../types';
import type { CompiledPolicy, CompiledValidation } from './compiledPolicy';
import { scalarPositions } from './scalarPosition';

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOP_LEVEL = [
  'id',
  'title',
  'severity',
  'description',
  'match',
  'variables',
  'validations',
  'remediation',
  'link',
];
const MATCH_KEYS: Record<keyof PolicyMatch, string> = {
  kubernetes: 'kinds',
  terraform: 'resourceTypes',
  catalog: 'kinds',
};

class PolicyReader {
  private readonly lines = new LineCounter();

  constructor(private readonly file: string, private readonly source: string) {}

  read(): CompiledPolicy {
    const doc = parseDocument(this.source, { lineCounter: this.lines });
    const problem = doc.errors[0];
    if (problem) {
      const [line, column] = [
        problem.linePos?.[0].line,
        problem.linePos?.[0].col,
      ];
      throw new PolicyLoadError(
        this.file,
        `YAML syntax error: ${firstLine(problem.message)}`,
        { line, column },
      );
    }
    const root = doc.contents;
    if (!isMap(root))
      throw this.error(
        root ?? undefined,
        'a policy file holds one YAML mapping (id, title, severity, ...)',
      );
    this.checkKeys(root, '', TOP_LEVEL);

    const id = this.string(root, 'id');
    const base = path.basename(this.file).replace(/\.ya?ml$/, '');
    if (!ID.test(id))
      throw this.error(
        this.valueNode(root, 'id'),
        `id '${id}' must be kebab-case (a-z, 0-9 and single dashes)`,
      );
    if (id !== base)
      throw this.error(
        this.valueNode(root, 'id'),
        `id '${id}' must equal the file name '${base}' (rename the file or change the id)`,
      );
    const severity = this.string(root, 'severity') as Severity;
    if (!SEVERITIES.includes(severity))
      throw this.error(
        this.valueNode(root, 'severity'),
        `severity '${severity}' must be one of ${SEVERITIES.join(', ')}`,
      );
    const link = this.optionalString(root, 'link');
    if (link !== undefined && !/^(\/|https?:\/\/)/.test(link))
      throw this.error(
        this.valueNode(root, 'link'),
        `link '${link}' must be a portal path starting with / or an http(s) URL`,
      );

    const policy: Policy = {
      id,
      title: this.string(root, 'title'),
      severity,
      description: this.string(root, 'description'),
      remediation: this.string(root, 'remediation'),
      ...(link ? { link } : {}),
      file: this.file,
      match: this.match(root),
    };
    const variables = this.variables(root);
    const validations = this.validations(
      root,
      variables.map(v => v.name),
    );
    const needs = closeNeeds(variables);
    return {
      policy,
      variables,
      validations: validations.map(v => ({
        ...v,
        needs: variables
          .map(x => x.name)
          .filter(name =>
            [
              ...v.expression.variables,
              ...(v.messageExpression?.variables ?? []),
            ].some(used => needs.get(used)?.has(name)),
          ),
      })),
    };
  }

  private match(root: YAMLMap): PolicyMatch {
    const node = this.required(root, 'match');
    if (!isMap(node))
      throw this.error(
        node,
        "field 'match' must be a mapping with one of kubernetes, terraform, catalog",
      );
    this.checkKeys(node, 'match.', Object.keys(MATCH_KEYS));
    const families = node.items.map(pair =>
      keyOf(pair),
    ) as (keyof PolicyMatch)[];
    if (families.length !== 1)
      throw this.error(
        node,
        `field 'match' must name exactly one of kubernetes, terraform, catalog (found ${
          families.length ? families.join(', ') : 'none'
        })`,
      );
    const family = families[0];
    const listKey = MATCH_KEYS[family];
    const body = node.get(family, true) as Node | null | undefined;
    if (isScalar(body) && body.value === null) return { [family]: {} };
    if (!isMap(body))
      throw this.error(
        body ?? node,
        `field 'match.${family}' must be a mapping with ${listKey}`,
      );
    this.checkKeys(body, `match.${family}.`, [listKey]);
    const list = body.has(listKey)
      ? this.stringList(body, listKey, `match.${family}.${listKey}`)
      : undefined;
    return { [family]: list ? { [listKey]: list } : {} };
  }

  private variables(root: YAMLMap): CompiledPolicy['variables'] {
    const node = root.get('variables', true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null))
      return [];
    if (!isSeq(node))
      throw this.error(
        node,
        "field 'variables' must be a list of {name, expression}",
      );
    const out: CompiledPolicy['variables'] = [];
    node.items.forEach((item, i) => {
      const where = `variables[${i}]`;
      if (!isMap(item))
        throw this.error(
          item as Node,
          `${where} must be a mapping with name and expression`,
        );
      this.checkKeys(item, `${where}.`, ['name', 'expression']);
      const name = this.string(item, 'name', `${where}.`);
      if (!VARIABLE_NAME.test(name))
        throw this.error(
          this.valueNode(item, 'name'),
          `${where}.name '${name}' must be an identifier (letters, digits, _)`,
        );
      if (out.some(v => v.name === name))
        throw this.error(
          this.valueNode(item, 'name'),
          `${where}.name '${name}' is defined twice`,
        );
      const expression = this.compile(
        item,
        'expression',
        `${where}.`,
        out.map(v => v.name),
      );
      out.push({ name, expression });
    });
    return out;
  }

  private validations(
    root: YAMLMap,
    declared: string[],
  ): Omit<CompiledValidation, 'needs'>[] {
    const node = this.required(root, 'validations');
    if (!isSeq(node) || node.items.length === 0)
      throw this.error(
        node,
        "field 'validations' must be a non-empty list of {expression, message and/or messageExpression}",
      );
    return node.items.map((item, index) => {
      const where = `validations[${index}]`;
      if (!isMap(item))
        throw this.error(
          item as Node,
          `${where} must be a mapping with expression and message`,
        );
      this.checkKeys(item, `${where}.`, [
        'expression',
        'message',
        'messageExpression',
      ]);
      const expression = this.compile(
        item,
        'expression',
        `${where}.`,
        declared,
      );
      const message = this.optionalString(item, 'message', `${where}.`);
      const messageExpression = item.has('messageExpression')
        ? this.compile(item, 'messageExpression', `${where}.`, declared)
        : undefined;
      if (message === undefined && !messageExpression)
        throw this.error(
          item,
          `${where} needs a message or a messageExpression: the answer a developer reads`,
        );
      return { index, expression, message, messageExpression };
    });
  }

  private compile(
    map: YAMLMap,
    key: string,
    prefix: string,
    declared: string[],
  ) {
    const text = this.string(map, key, prefix);
    try {
      return compileExpression(text, declared);
    } catch (error) {
      if (!(error instanceof CelCompileError)) throw error;
      const node = this.valueNode(map, key) as Scalar;
      const at = scalarPositions(this.source, node, this.lines)(error.offset);
      throw new PolicyLoadError(
        this.file,
        `${prefix}${key}: ${error.message}`,
        at,
      );
    }
  }

  private checkKeys(map: YAMLMap, prefix: string, allowed: string[]) {
    for (const pair of map.items) {
      const key = keyOf(pair);
      if (!allowed.includes(key))
        throw this.error(
          pair.key as Node,
          `unknown field '${prefix}${key}' (allowed: ${allowed.join(', ')})`,
        );
    }
  }

  private required(map: YAMLMap, key: string, prefix = ''): Node {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null))
      throw this.error(map, `missing required field '${prefix}${key}'`);
    return node;
  }

  private string(map: YAMLMap, key: string, prefix = ''): string {
    const node = this.required(map, key, prefix);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.value.trim())
      throw this.error(
        node,
        `field '${prefix}${key}' must be a non-empty string`,
      );
    return node.value;
  }

  private optionalString(
    map: YAMLMap,
    key: string,
    prefix = '',
  ): string | undefined {
    return map.has(key) ? this.string(map, key, prefix) : undefined;
  }

  private stringList(map: YAMLMap, key: string, where: string): string[] {
    const node = map.get(key, true) as Node;
    if (!isSeq(node) || node.items.length === 0)
      throw this.error(
        node ?? map,
        `field '${where}' must be a non-empty list of strings`,
      );
    return (node as YAMLSeq).items.map(item => {
      if (!isScalar(item) || typeof item.value !== 'string' || !item.value)
        throw this.error(
          item as Node,
          `field '${where}' must hold only non-empty strings`,
        );
      return item.value;
    });
  }

  private valueNode(map: YAMLMap, key: string): Node {
    return map.get(key, true) as Node;
  }

  private error(node: Node | undefined, message: string): PolicyLoadError {
    const offset = node?.range?.[0];
    const pos = offset === undefined ? undefined : this.lines.linePos(offset);
    return new PolicyLoadError(
      this.file,
      message,
      pos && { line: pos.line, column: pos.col },
    );
  }
}

export function parsePolicy(file: string, source: string): CompiledPolicy {
  return new PolicyReader(file, source).read();
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

/** For each variable, itself and every variable it reads, directly or not. */
function closeNeeds(
  variables: CompiledPolicy['variables'],
): Map<string, Set<string>> {
  const needs = new Map<string, Set<string>>();
  for (const v of variables) {
    const set = new Set([v.name]);
    v.expression.variables.forEach(used =>
      needs.get(used)?.forEach(n => set.add(n)),
    );
    needs.set(v.name, set);
  }
  return needs;
}
