/**
 * Checks the Graph stand-in's answers and notifications against Microsoft's own description of
 * Graph v1.0. No package that can be installed here carries Graph's OpenAPI document (it lives in
 * microsoftgraph/msgraph-metadata and is tens of megabytes); `@microsoft/microsoft-graph-types` is
 * Microsoft's rendering of the same v1.0 metadata (CSDL) as TypeScript declarations. This reads
 * that declaration file with TypeScript's parser and turns the types a test names into JSON
 * Schema: every property with its type, enums from the string unions, `NullableOption<T>` as
 * nullable, and no property the type does not declare (OData annotations such as
 * `@odata.context` aside). An empty interface (ResourceData) is an open type and takes anything.
 * Navigation properties to other entities are only checked to be objects.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import fs from 'node:fs';
import ts from 'typescript';

type Schema = Record<string, unknown>;

interface Declarations {
  interfaces: Map<string, ts.InterfaceDeclaration>;
  aliases: Map<string, ts.TypeAliasDeclaration>;
}

let declarations: Declarations | undefined;

function declared(): Declarations {
  if (!declarations) {
    const file = require.resolve(
      '@microsoft/microsoft-graph-types/microsoft-graph.d.ts',
    );
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    declarations = { interfaces: new Map(), aliases: new Map() };
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        declarations.interfaces.set(statement.name.text, statement);
      } else if (ts.isTypeAliasDeclaration(statement)) {
        declarations.aliases.set(statement.name.text, statement);
      }
    }
  }
  return declarations;
}

function bases(declaration: ts.InterfaceDeclaration): string[] {
  return (declaration.heritageClauses ?? []).flatMap(c =>
    c.types.map(t => t.expression.getText(declaration.getSourceFile())),
  );
}

/** An entity (it derives from Entity), as opposed to a complex type. */
function isEntity(name: string): boolean {
  if (name === 'Entity') return true;
  const declaration = declared().interfaces.get(name);
  return declaration ? bases(declaration).some(isEntity) : false;
}

function members(name: string): ts.PropertySignature[] {
  const declaration = declared().interfaces.get(name);
  if (!declaration) throw new Error(`microsoft-graph-types has no ${name}`);
  return [
    ...bases(declaration).flatMap(members),
    ...declaration.members.filter(ts.isPropertySignature),
  ];
}

function typeSchema(node: ts.TypeNode, depth: number): Schema {
  if (ts.isParenthesizedTypeNode(node)) return typeSchema(node.type, depth);
  if (ts.isArrayTypeNode(node)) {
    return { type: 'array', items: typeSchema(node.elementType, depth) };
  }
  if (ts.isUnionTypeNode(node)) {
    return { anyOf: node.types.map(t => typeSchema(t, depth)) };
  }
  if (ts.isLiteralTypeNode(node)) {
    if (ts.isStringLiteral(node.literal)) return { const: node.literal.text };
    if (node.literal.kind === ts.SyntaxKind.NullKeyword)
      return { type: 'null' };
  }
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { type: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.AnyKeyword:
      return {};
    default:
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText(node.getSourceFile());
    if (name === 'NullableOption' && node.typeArguments?.length === 1) {
      return {
        anyOf: [typeSchema(node.typeArguments[0], depth), { type: 'null' }],
      };
    }
    const alias = declared().aliases.get(name);
    if (alias) return typeSchema(alias.type, depth);
    return objectSchema(name, depth + 1);
  }
  throw new Error(`cannot describe the type ${ts.SyntaxKind[node.kind]}`);
}

/** Complex types being described: one that contains itself is only checked to be an object. */
const describing = new Set<string>();

/** The schema of an interface; entities below the top are only checked to be objects. */
export function objectSchema(name: string, depth = 0): Schema {
  if ((depth > 0 && isEntity(name)) || describing.has(name)) {
    return { type: 'object' };
  }
  describing.add(name);
  try {
    return describeObject(name, depth);
  } finally {
    describing.delete(name);
  }
}

function describeObject(name: string, depth: number): Schema {
  const props = members(name);
  if (!props.length) return { type: 'object' };
  return {
    type: 'object',
    properties: Object.fromEntries(
      props.map(p => [
        ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)
          ? p.name.text
          : p.name.getText(),
        p.type ? typeSchema(p.type, depth) : {},
      ]),
    ),
    patternProperties: { '^@odata\\.': {} },
    additionalProperties: false,
  };
}

const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map<string, ValidateFunction>();

function validator(key: string, build: () => Schema): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(build());
    validators.set(key, validate);
  }
  return validate;
}

function problems(validate: ValidateFunction, body: unknown): string[] {
  return validate(body)
    ? []
    : (validate.errors ?? []).map(
        e =>
          `${e.instancePath || '(body)'} ${e.message}${
            e.keyword === 'additionalProperties'
              ? ` (${
                  (e.params as { additionalProperty: string })
                    .additionalProperty
                })`
              : ''
          }`,
      );
}

/** What is wrong with `body` as a `type` of microsoft-graph-types (e.g. User); [] when nothing. */
export function graphViolations(type: string, body: unknown): string[] {
  return problems(
    validator(type, () => objectSchema(type)),
    body,
  );
}

/** The same for a collection answer: `{ "@odata.context", value: [<type>...], ... }`. */
export function graphCollectionViolations(
  type: string,
  body: unknown,
): string[] {
  return problems(
    validator(`collection:${type}`, () => ({
      type: 'object',
      required: ['value'],
      properties: {
        '@odata.context': { type: 'string' },
        '@odata.count': { type: 'integer' },
        '@odata.nextLink': { type: 'string' },
        value: { type: 'array', items: objectSchema(type) },
      },
      additionalProperties: false,
    })),
    body,
  );
}

/** Graph's error answer: `{ error: PublicError-like { code, message, innerError } }`. */
export function graphErrorViolations(body: unknown): string[] {
  return problems(
    validator('error', () => ({
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', minLength: 1 },
            message: { type: 'string', minLength: 1 },
            innerError: {
              type: 'object',
              required: ['date', 'request-id', 'client-request-id'],
            },
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    })),
    body,
  );
}
