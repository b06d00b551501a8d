/**
 * Compiles one CEL expression once: parse, a static check of names (so a typo fails when the
 * policy loads, not on the first resource), and plan. The result evaluates many times.
 */
import { parse, plan, type CelInput, type CelResult } from '@bufbuild/cel';
import { CEL_TYPE_NAMES, policyCelEnv } from './env';

/** The variables every expression sees. */
export const CEL_ROOTS: ReadonlySet<string> = new Set([
  'object',
  'resource',
  'related',
  'objects',
  'variables',
]);

/** A compile error at an offset of the expression's text. */
export class CelCompileError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'CelCompileError';
  }
}

export interface CompiledExpression {
  source: string;
  evaluate(bindings: Record<string, CelInput>): CelResult;
  /** The `variables.<name>` it reads. */
  variables: ReadonlySet<string>;
}

function syntaxError(source: string, error: unknown): CelCompileError {
  const e = error as {
    rawMessage?: string;
    message?: string;
    location?: { start?: { offset?: number } };
  };
  const message = e.rawMessage ?? e.message ?? String(error);
  const offset = e.location?.start?.offset ?? 0;
  return new CelCompileError(
    `CEL syntax error: ${message}`,
    Math.min(offset, source.length),
  );
}

/** The parts of CEL's protobuf AST the check reads. */
interface Node {
  id: bigint;
  exprKind:
    | { case: 'identExpr'; value: { name: string } }
    | { case: 'selectExpr'; value: { operand?: Node; field: string } }
    | {
        case: 'callExpr';
        value: { function: string; target?: Node; args: Node[] };
      }
    | { case: 'listExpr'; value: { elements: Node[] } }
    | {
        case: 'structExpr';
        value: {
          entries: {
            keyKind: { case: 'mapKey'; value: Node } | { case?: string };
            value?: Node;
          }[];
        };
      }
    | {
        case: 'comprehensionExpr';
        value: {
          iterVar: string;
          iterVar2: string;
          accuVar: string;
          iterRange?: Node;
          accuInit?: Node;
          loopCondition?: Node;
          loopStep?: Node;
          result?: Node;
        };
      }
    | { case: 'constExpr' | undefined; value?: unknown };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

class NameCheck {
  readonly variables = new Set<string>();

  constructor(
    private readonly declared: ReadonlySet<string>,
    private readonly offsetOf: (id: number) => number,
  ) {}

  walk(node: Node | undefined, scope: ReadonlySet<string>): void {
    if (!node) return;
    const kind = node.exprKind;
    switch (kind.case) {
      case 'identExpr':
        this.ident(node, kind.value.name, scope);
        return;
      case 'selectExpr': {
        const operand = kind.value.operand;
        if (this.isVariablesRoot(operand, scope)) {
          this.useVariable(node, kind.value.field);
          return;
        }
        this.walk(operand, scope);
        return;
      }
      case 'callExpr':
        this.call(node, kind.value, scope);
        return;
      case 'listExpr':
        kind.value.elements.forEach(e => this.walk(e, scope));
        return;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey')
            this.walk((entry.keyKind as { value: Node }).value, scope);
          this.walk(entry.value, scope);
        }
        return;
      case 'comprehensionExpr': {
        const c = kind.value;
        this.walk(c.iterRange, scope);
        this.walk(c.accuInit, scope);
        const inner = new Set(scope);
        [c.iterVar, c.iterVar2, c.accuVar].filter(Boolean).forEach(v => {
          inner.add(v);
        });
        this.walk(c.loopCondition, inner);
        this.walk(c.loopStep, inner);
        this.walk(c.result, inner);
        return;
      }
      default:
        return;
    }
  }

  private ident(node: Node, name: string, scope: ReadonlySet<string>) {
    if (scope.has(name) || CEL_TYPE_NAMES.has(name)) return;
    if (name === 'variables') {
      // The whole map: every declared variable may be read.
      this.declared.forEach(v => this.variables.add(v));
      return;
    }
    if (CEL_ROOTS.has(name)) return;
    throw this.error(
      node,
      `unknown name '${name}': expressions see ${[...CEL_ROOTS].join(
        ', ',
      )} and the variables of their comprehensions`,
    );
  }

  private call(
    node: Node,
    call: { function: string; target?: Node; args: Node[] },
    scope: ReadonlySet<string>,
  ) {
    // variables['name']
    if (
      call.function === '_[_]' &&
      this.isVariablesRoot(call.args[0], scope) &&
      call.args[1]?.exprKind.case === 'constExpr'
    ) {
      const constant = call.args[1].exprKind.value as {
        constantKind?: { case?: string; value?: unknown };
      };
      if (constant.constantKind?.case === 'stringValue') {
        this.useVariable(node, String(constant.constantKind.value));
        return;
      }
    }
    if (
      IDENTIFIER.test(call.function) &&
      !policyCelEnv().funcs.find(call.function)
    )
      throw this.error(
        node,
        `unknown function '${call.function}' (CEL's standard library, the strings extension, jsonDecode, asList, podSpec and podContainers are available)`,
      );
    this.walk(call.target, scope);
    call.args.forEach(a => this.walk(a, scope));
  }

  private isVariablesRoot(node: Node | undefined, scope: ReadonlySet<string>) {
    return (
      node?.exprKind.case === 'identExpr' &&
      node.exprKind.value.name === 'variables' &&
      !scope.has('variables')
    );
  }

  private useVariable(node: Node, name: string) {
    if (!this.declared.has(name))
      throw this.error(
        node,
        `variables.${name} is not defined before this expression (${
          this.declared.size
            ? `defined: ${[...this.declared].join(', ')}`
            : 'no variables are defined before it'
        })`,
      );
    this.variables.add(name);
  }

  private error(node: Node, message: string) {
    return new CelCompileError(message, this.offsetOf(Number(node.id)));
  }
}

/** `declared`: the variable names it may read (those defined before it). */
export function compileExpression(
  source: string,
  declared: readonly string[],
): CompiledExpression {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    throw syntaxError(source, error);
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const check = new NameCheck(new Set(declared), id => positions[id] ?? 0);
  check.walk(parsed.expr as Node, new Set());
  const planned = plan(policyCelEnv(), parsed);
  return {
    source,
    evaluate: bindings => planned(bindings),
    variables: check.variables,
  };
}
