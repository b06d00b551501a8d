/**
 * Makes a handler's answer complete in the shape GitHub's description requires: every required
 * property the handler did not set gets an empty value of its declared type (null where the
 * description allows null). Handlers set what matters; the description supplies the rest.
 */
import { resolvePointer } from './spec';

type Json = any;

function deref(spec: Json, schema: Json): Json {
  let s = schema;
  while (s?.$ref) s = resolvePointer(spec, s.$ref);
  return s;
}

function emptyValue(spec: Json, schemaIn: Json, depth: number): Json {
  const schema = deref(spec, schemaIn);
  if (!schema || depth > 6) return null;
  if (schema.nullable) return null;
  if (schema.allOf) return conform(spec, schema, {}, depth + 1);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const nullVariant = variants
      .map((v: Json) => deref(spec, v))
      .find((v: Json) => v?.type === 'null');
    return nullVariant ? null : emptyValue(spec, variants[0], depth + 1);
  }
  const type = Array.isArray(schema.type)
    ? schema.type.find((t: string) => t !== 'null')
    : schema.type;
  if (Array.isArray(schema.type) && schema.type.includes('null')) return null;
  if (schema.enum) return schema.enum[0];
  switch (type) {
    case 'string':
      if (schema.format === 'date-time') return new Date(0).toISOString();
      if (schema.format === 'uri') return 'http://localhost/';
      if (schema.format === 'email') return 'noreply@devstack.local';
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
    default:
      return conform(spec, schema, {}, depth + 1);
  }
}

export function conform(
  spec: Json,
  schemaIn: Json,
  value: Json,
  depth = 0,
): Json {
  const schema = deref(spec, schemaIn);
  if (!schema || value === null || value === undefined || depth > 8)
    return value;
  if (schema.allOf) {
    return schema.allOf.reduce(
      (v: Json, part: Json) => conform(spec, part, v, depth + 1),
      value,
    );
  }
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && typeof value === 'object') {
    const objectVariant = variants
      .map((v: Json) => deref(spec, v))
      .find((v: Json) => v?.properties);
    return objectVariant
      ? conform(spec, objectVariant, value, depth + 1)
      : value;
  }
  if (Array.isArray(value)) {
    return schema.items
      ? value.map(item => conform(spec, schema.items, item, depth + 1))
      : value;
  }
  if (typeof value !== 'object' || !schema.properties) return value;
  const out: Json = { ...value };
  for (const key of schema.required ?? []) {
    if (!(key in out))
      out[key] = emptyValue(spec, schema.properties[key], depth + 1);
  }
  for (const [key, sub] of Object.entries(schema.properties)) {
    if (key in out) out[key] = conform(spec, sub, out[key], depth + 1);
  }
  return out;
}

/** The JSON schema of an operation's response for a status, if the description has one. */
export function responseSchema(
  spec: Json,
  operation: Json,
  status: number,
): Json | undefined {
  const response = deref(
    spec,
    operation?.responses?.[String(status)] ?? operation?.responses?.default,
  );
  return response?.content?.['application/json']?.schema;
}
