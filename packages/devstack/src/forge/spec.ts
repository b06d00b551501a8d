/**
 * GitHub's own OpenAPI description (api.github.com, which production Runway talks to; served at
 * /api/v3 the way GitHub Enterprise serves it), from @octokit/openapi. Every operation stays routable, so an unimplemented one answers 501 with its
 * operationId; only implemented operations keep their schemas, which keeps validation fast.
 */
import fs from 'node:fs';
import addFormats from 'ajv-formats';

type Json = any;

let cached: Json | undefined;

export function fullSpec(): Json {
  if (!cached) {
    const file = require.resolve(
      '@octokit/openapi/generated/api.github.com.json',
    );
    cached = JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  return cached;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Collects every `#/components/...` reference reachable from a value. */
export function collectRefs(spec: Json, value: Json, seen: Set<string>) {
  if (Array.isArray(value)) {
    value.forEach(v => collectRefs(spec, v, seen));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string' && !seen.has(v)) {
        seen.add(v);
        collectRefs(spec, resolvePointer(spec, v), seen);
      } else {
        collectRefs(spec, v, seen);
      }
    }
  }
}

export function resolvePointer(spec: Json, ref: string): Json {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce(
      (node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
      spec,
    );
}

/** The description with full schemas for `implemented` operationIds and bare routes for the rest. */
export function prunedSpec(implemented: Set<string>): Json {
  const spec = fullSpec();
  const paths: Json = {};
  const refs = new Set<string>();
  for (const [route, item] of Object.entries<Json>(spec.paths)) {
    paths[route] = {};
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (implemented.has(op.operationId)) {
        paths[route][method] = { ...op };
        collectRefs(spec, op, refs);
      } else {
        // Path parameters are still needed to route the request.
        const params = (op.parameters ?? [])
          .map((p: Json) => (p.$ref ? resolvePointer(spec, p.$ref) : p))
          .filter((p: Json) => p.in === 'path')
          .map((p: Json) => ({
            name: p.name,
            in: 'path',
            required: true,
            schema: { type: 'string' },
          }));
        paths[route][method] = {
          operationId: op.operationId,
          parameters: params,
          responses: {
            default: { description: 'not implemented by the devstack' },
          },
        };
      }
    }
  }
  const components = componentsOf(refs);
  if (components.parameters)
    components.parameters = Object.fromEntries(
      Object.entries<Json>(components.parameters).map(([k, p]) => [
        k,
        eitherParameter(p),
      ]),
    );
  for (const item of Object.values<Json>(paths))
    for (const op of Object.values<Json>(item))
      if (op.parameters) op.parameters = op.parameters.map(eitherParameter);
  return nullableForAjv({
    openapi: spec.openapi,
    info: spec.info,
    servers: [{ url: '/api/v3' }],
    paths,
    components,
  });
}

/**
 * A path or query parameter arrives as a string that type coercion can read as a number too, so
 * `oneOf: [integer, string]` (workflow_id) would match twice and fail; either one will do.
 */
function eitherParameter(parameter: Json): Json {
  if (!parameter?.schema?.oneOf) return parameter;
  const { oneOf, ...rest } = parameter.schema;
  return { ...parameter, schema: { ...rest, anyOf: oneOf } };
}

/**
 * OpenAPI 3.0 allows `nullable: true` beside `allOf`/`$ref` without a `type`; Ajv (which
 * openapi-backend validates with) does not. Such schemas become `anyOf: [schema, null]`.
 */
export function nullableForAjv(value: Json): Json {
  if (Array.isArray(value)) return value.map(nullableForAjv);
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = nullableForAjv(v);
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

/** The components a set of references needs, copied from the description. */
export function componentsOf(refs: Set<string>): Json {
  const spec = fullSpec();
  const components: Json = {};
  for (const ref of refs) {
    const [, , section, name] = ref.split('/');
    components[section] ??= {};
    components[section][name] = spec.components[section][name];
  }
  return components;
}

/** How the forge's Ajv reads GitHub's description, for answers and webhook payloads alike. */
export const ajvOptions = {
  ajvOpts: { strict: false, allErrors: true },
  customizeAjv: (ajv: any) => {
    addFormats(ajv);
    // Formats of GitHub's description that JSON Schema does not define.
    ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
    ajv.addFormat('int32', { type: 'number', validate: Number.isInteger });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    ajv.addFormat('timestamp', /^\d{4}-\d{2}-\d{2}T/);
    ajv.addFormat('repo.nwo', /^[^/]+\/[^/]+$/);
    ajv.addFormat('binary', () => true);
    return ajv;
  },
};
