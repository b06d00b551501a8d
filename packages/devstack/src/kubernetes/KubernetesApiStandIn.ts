/**
 * A Kubernetes API server stand-in at the network edge (msw): discovery, server-side apply
 * (PATCH application/apply-patch+yaml), get, list with label selectors, and delete (a namespace
 * takes its contents with it). Every applied object is validated against its kind's published
 * schema (kubernetes-models), so a manifest this accepts is one a real cluster accepts.
 */
import crypto from 'node:crypto';
import { http, HttpResponse, RequestHandler } from 'msw';
import { parse as parseYaml } from 'yaml';
import {
  RESOURCE_TYPES,
  ResourceType,
  apiVersionOf,
  schemaProblem,
} from './resources';
import { matchesSelector } from './labelSelector';

export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  status: number;
}

interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
}

const status = (
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) =>
  HttpResponse.json(
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: code < 400 ? 'Success' : 'Failure',
      message,
      reason,
      details,
      code,
    },
    { status: code },
  );

export class KubernetesApiStandIn {
  readonly requests: RecordedRequest[] = [];
  private readonly objects = new Map<string, StoredObject>();
  private version = 1;

  constructor(
    /** The API server's URL, as in kubeconfig / app-config (e.g. https://k8s.devstack.test:6443). */
    readonly baseUrl: string,
    /** Namespaces the cluster starts with (Argo CD's included). */
    namespaces: string[] = ['default', 'kube-system', 'argocd'],
  ) {
    for (const name of namespaces) {
      this.store(RESOURCE_TYPES[0], {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
    }
  }

  /** Objects of a kind, optionally in one namespace: what a test asserts on. */
  list(kind: string, namespace?: string): StoredObject[] {
    return [...this.objects.values()].filter(
      o =>
        o.kind === kind &&
        (namespace === undefined || o.metadata.namespace === namespace),
    );
  }

  get(
    kind: string,
    name: string,
    namespace?: string,
  ): StoredObject | undefined {
    const type = RESOURCE_TYPES.find(t => t.kind === kind);
    return type && this.objects.get(this.key(type, name, namespace));
  }

  /** Makes the next `count` requests matching `method` fail with `code` (outage tests). */
  failNext(method: string, code: number, count = 1) {
    this.faults.push({ method: method.toUpperCase(), code, count });
  }
  private readonly faults: Array<{
    method: string;
    code: number;
    count: number;
  }> = [];

  handlers(): RequestHandler[] {
    return [
      http.all(`${this.baseUrl.replace(/\/$/, '')}/*`, ({ request }) =>
        this.handle(request),
      ),
    ];
  }

  /**
   * Stores `object` as server-side apply would (what the devstack's Argo CD "deploys" and its
   * seed), after the same schema check; throws naming the object and what is invalid.
   */
  put(object: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; [key: string]: unknown };
    [key: string]: unknown;
  }): StoredObject {
    const type = RESOURCE_TYPES.find(
      t => apiVersionOf(t) === object.apiVersion && t.kind === object.kind,
    );
    if (!type)
      throw new Error(
        `${object.apiVersion}/${object.kind} is not served by the Kubernetes stand-in`,
      );
    const { name, namespace } = object.metadata;
    const label = `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
    if (type.namespaced && !namespace)
      throw new Error(`${label} needs metadata.namespace`);
    if (type.namespaced && !this.get('Namespace', namespace!))
      throw new Error(`${label}: namespaces "${namespace}" not found`);
    const problem = schemaProblem(type, object);
    if (problem) throw new Error(`${label} is invalid: ${problem}`);
    const namespaceOf = type.namespaced ? namespace : undefined;
    // A Service without a type is a ClusterIP one, as the API server fills it in.
    const defaults =
      object.kind === 'Service'
        ? { spec: { type: 'ClusterIP', ...(object.spec as object) } }
        : {};
    return this.store(
      type,
      {
        ...object,
        ...defaults,
        metadata: { ...object.metadata, namespace: namespaceOf },
      },
      this.objects.get(this.key(type, name, namespaceOf)),
    );
  }

  /** Removes one object (a namespace takes its contents); false when there was none. */
  delete(kind: string, name: string, namespace?: string): boolean {
    const type = RESOURCE_TYPES.find(t => t.kind === kind);
    if (!type) return false;
    return this.remove({ type, name, namespace }).status === 200;
  }

  /**
   * Answers one Kubernetes API request: what msw's handler and the devstack's HTTP route
   * (`<devstack>/k8s`) both call. Paths are relative to `baseUrl`, whatever its path prefix.
   */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const query = Object.fromEntries(url.searchParams.entries());
    const response = await this.respond(request, url);
    this.requests.push({
      method: request.method,
      path: url.pathname,
      query,
      contentType: request.headers.get('content-type') ?? undefined,
      status: response.status,
    });
    return response;
  }

  private key(type: ResourceType, name: string, namespace?: string) {
    return `${apiVersionOf(type)}/${type.kind}/${
      type.namespaced ? namespace : ''
    }/${name}`;
  }

  private store(
    type: ResourceType,
    object: any,
    existing?: StoredObject,
  ): StoredObject {
    const stored: StoredObject = {
      ...object,
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      metadata: {
        ...object.metadata,
        uid: existing?.metadata.uid ?? crypto.randomUUID(),
        creationTimestamp:
          existing?.metadata.creationTimestamp ?? new Date().toISOString(),
        resourceVersion: String(++this.version),
      },
    };
    this.objects.set(
      this.key(type, stored.metadata.name, stored.metadata.namespace),
      stored,
    );
    return stored;
  }

  private async respond(request: Request, url: URL): Promise<Response> {
    const fault = this.faults.find(
      f => f.method === request.method && f.count > 0,
    );
    if (fault) {
      fault.count--;
      return status(fault.code, 'InternalError', 'injected fault');
    }
    const prefix = new URL(this.baseUrl).pathname.replace(/\/$/, '');
    const parts = url.pathname
      .slice(url.pathname.startsWith(prefix) ? prefix.length : 0)
      .split('/')
      .filter(Boolean);
    // Discovery: /api/v1 and /apis/<group>/<version>
    if (parts[0] === 'api' && parts.length === 2)
      return this.discovery('', parts[1]);
    if (parts[0] === 'apis' && parts.length === 3)
      return this.discovery(parts[1], parts[2]);
    const route = this.route(parts);
    if (!route)
      return status(
        404,
        'NotFound',
        `the server could not find the requested resource (${url.pathname})`,
      );

    switch (request.method) {
      case 'GET':
        return route.name
          ? this.read(route)
          : this.listRoute(
              route,
              url.searchParams.get('labelSelector') ?? undefined,
            );
      case 'PATCH':
        return this.apply(route, request, url);
      case 'DELETE':
        return this.remove(route);
      default:
        return status(
          405,
          'MethodNotAllowed',
          `${request.method} is not supported by this stand-in`,
        );
    }
  }

  private discovery(group: string, version: string): Response {
    const types = RESOURCE_TYPES.filter(
      t => t.group === group && t.version === version,
    );
    if (types.length === 0)
      return status(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    return HttpResponse.json({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersionOf({ group, version }),
      resources: types.map(t => ({
        name: t.plural,
        singularName: t.kind.toLowerCase(),
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      })),
    });
  }

  private route(parts: string[]): Route | undefined {
    let group = '';
    let version: string;
    let rest: string[];
    if (parts[0] === 'api') {
      version = parts[1];
      rest = parts.slice(2);
    } else if (parts[0] === 'apis') {
      group = parts[1];
      version = parts[2];
      rest = parts.slice(3);
    } else {
      return undefined;
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const type = RESOURCE_TYPES.find(
      t => t.group === group && t.version === version && t.plural === rest[0],
    );
    if (!type || rest.length > 2) return undefined;
    if (namespace && !type.namespaced) return undefined;
    return { type, namespace, name: rest[1] };
  }

  private read({ type, namespace, name }: Route): Response {
    const object = this.objects.get(this.key(type, name!, namespace));
    return object
      ? HttpResponse.json(object)
      : status(404, 'NotFound', `${type.plural} "${name}" not found`, {
          name,
          kind: type.plural,
        });
  }

  private listRoute({ type, namespace }: Route, selector?: string): Response {
    const items = [...this.objects.values()].filter(
      o =>
        o.kind === type.kind &&
        o.apiVersion === apiVersionOf(type) &&
        (namespace === undefined || o.metadata.namespace === namespace) &&
        matchesSelector(o.metadata.labels, selector),
    );
    return HttpResponse.json({
      kind: `${type.kind}List`,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: String(this.version) },
      items,
    });
  }

  private async apply(
    { type, namespace, name }: Route,
    request: Request,
    url: URL,
  ): Promise<Response> {
    const contentType = request.headers.get('content-type') ?? '';
    if (!contentType.startsWith('application/apply-patch+yaml')) {
      return status(
        415,
        'UnsupportedMediaType',
        `the stand-in only implements server-side apply; got ${
          contentType || 'no content type'
        }`,
      );
    }
    if (!url.searchParams.get('fieldManager')) {
      return status(
        400,
        'BadRequest',
        'PATCH /apply requires fieldManager to be set',
      );
    }
    if (!name)
      return status(405, 'MethodNotAllowed', 'apply needs an object path');
    let body: any;
    try {
      body = parseYaml(await request.text());
    } catch (e) {
      return status(
        400,
        'BadRequest',
        `error decoding YAML: ${(e as Error).message}`,
      );
    }
    const invalid = (message: string) =>
      status(422, 'Invalid', `${type.kind} "${name}" is invalid: ${message}`, {
        name,
        kind: type.kind,
      });
    if (body?.apiVersion !== apiVersionOf(type) || body?.kind !== type.kind) {
      return status(
        400,
        'BadRequest',
        `the body's ${body?.apiVersion}/${
          body?.kind
        } does not match ${apiVersionOf(type)}/${type.kind} of the path`,
      );
    }
    if (body.metadata?.name !== name)
      return invalid(`metadata.name: must be ${name}, as in the path`);
    if (
      type.namespaced &&
      (body.metadata?.namespace ?? namespace) !== namespace
    ) {
      return status(
        400,
        'BadRequest',
        `the namespace of the provided object does not match the namespace sent on the request`,
      );
    }
    if (
      type.namespaced &&
      !this.objects.has(this.key(RESOURCE_TYPES[0], namespace!))
    ) {
      return status(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    }
    const problem = schemaProblem(type, body);
    if (problem) return invalid(problem);
    const existing = this.objects.get(this.key(type, name, namespace));
    const stored = this.store(
      type,
      {
        ...body,
        metadata: { ...body.metadata, ...(type.namespaced && { namespace }) },
      },
      existing,
    );
    return HttpResponse.json(stored, { status: existing ? 200 : 201 });
  }

  private remove({ type, namespace, name }: Route): Response {
    if (!name)
      return status(
        405,
        'MethodNotAllowed',
        'deletecollection is not implemented by this stand-in',
      );
    const key = this.key(type, name, namespace);
    const object = this.objects.get(key);
    if (!object)
      return status(404, 'NotFound', `${type.plural} "${name}" not found`, {
        name,
        kind: type.plural,
      });
    this.objects.delete(key);
    if (type.kind === 'Namespace') {
      for (const [k, o] of this.objects)
        if (o.metadata.namespace === name) this.objects.delete(k);
    }
    return status(200, '', '', {
      name,
      kind: type.plural,
      uid: object.metadata.uid,
    });
  }
}
