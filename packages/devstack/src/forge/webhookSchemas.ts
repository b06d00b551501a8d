/**
 * The payload schemas of GitHub's webhooks, from the `x-webhooks` of the same OpenAPI description
 * the REST API is served from: payloads are completed to their required shape with them and, in
 * tests, checked against them.
 */
import OpenAPIBackend from 'openapi-backend';
import { conform } from './conform';
import {
  ajvOptions,
  collectRefs,
  componentsOf,
  fullSpec,
  nullableForAjv,
} from './spec';

type Json = any;

/** `pull_request` + `closed` → `pull-request-closed`; `push` → `push`. */
export function webhookKey(event: string, action?: string): string {
  const name = event.replace(/_/g, '-');
  const webhooks = fullSpec()['x-webhooks'];
  if (action && webhooks[`${name}-${action}`]) return `${name}-${action}`;
  return name;
}

function payloadSchema(key: string): Json | undefined {
  return fullSpec()['x-webhooks'][key]?.post?.requestBody?.content?.[
    'application/json'
  ]?.schema;
}

/** The payload with every required property its schema names (empty values where unset). */
export function completePayload(
  event: string,
  action: string | undefined,
  payload: Json,
): Json {
  const schema = payloadSchema(webhookKey(event, action));
  return schema ? conform(fullSpec(), schema, payload) : payload;
}

/** Checks payloads against the description; compiled on first use (tests only). */
export class WebhookPayloadValidator {
  private api: Promise<OpenAPIBackend> | undefined;

  async validate(
    event: string,
    action: string | undefined,
    payload: Json,
  ): Promise<unknown[] | undefined> {
    const key = webhookKey(event, action);
    if (!payloadSchema(key)) return [`no schema for webhook ${key}`];
    this.api ??= this.build();
    const result = (await this.api).validateResponse(payload, key, 200);
    return result.errors?.length ? result.errors : undefined;
  }

  private async build() {
    const refs = new Set<string>();
    const paths: Json = {};
    for (const [key, hook] of Object.entries<Json>(fullSpec()['x-webhooks'])) {
      const schema =
        hook.post?.requestBody?.content?.['application/json']?.schema;
      if (!schema) continue;
      collectRefs(fullSpec(), schema, refs);
      paths[`/${key}`] = {
        post: {
          operationId: key,
          responses: {
            200: {
              description: key,
              content: { 'application/json': { schema } },
            },
          },
        },
      };
    }
    const api = new OpenAPIBackend({
      definition: nullableForAjv({
        openapi: fullSpec().openapi,
        info: fullSpec().info,
        paths,
        components: componentsOf(refs),
      }),
      quick: true,
      validate: true,
      ...ajvOptions,
    });
    await api.init();
    return api;
  }
}
