/**
 * The HTTP server: node:http only, no framework, no runtime dependencies.
 *
 *   GET /         the service's name and version, as JSON
 *   GET /healthz  200 {"status":"ok"} while serving; 503 once shutdown has begun
 *   GET /metrics  Prometheus text exposition format 0.0.4 (see metrics.ts)
 *
 * `node src/server.ts` starts it on $PORT (default 8080). SIGTERM (what Kubernetes sends) and
 * SIGINT stop accepting connections, let requests in flight finish, then exit 0.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_TYPE, createServiceMetrics } from './metrics.ts';
import type { ServiceMetrics } from './metrics.ts';

interface PackageJson {
  name: string;
  version: string;
}

/** The service's name and version come from package.json, written by the template. */
export const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as PackageJson;

/** The routes the service knows; anything else is counted as `unmatched`. */
const ROUTES = new Set(['/', '/healthz', '/metrics']);

export interface ServiceOptions {
  name?: string;
  version?: string;
  metrics?: ServiceMetrics;
}

export interface Service {
  server: http.Server;
  metrics: ServiceMetrics;
  /** Makes /healthz answer 503 so that load balancers stop sending traffic. */
  beginShutdown(): void;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function createService(options: ServiceOptions = {}): Service {
  const name = options.name ?? pkg.name;
  const version = options.version ?? pkg.version;
  const metrics = options.metrics ?? createServiceMetrics();
  let shuttingDown = false;

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = ROUTES.has(pathname) ? pathname : 'unmatched';

    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requests.inc({ method, route, status: String(res.statusCode) });
      metrics.duration.observe({ method, route }, seconds);
    });

    if (route === 'unmatched') {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendJson(res, 405, { error: 'method not allowed' });
      return;
    }
    switch (route) {
      case '/healthz':
        if (shuttingDown) sendJson(res, 503, { status: 'shutting down' });
        else sendJson(res, 200, { status: 'ok' });
        return;
      case '/metrics': {
        const body = metrics.registry.render();
        res.writeHead(200, {
          'content-type': CONTENT_TYPE,
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      default:
        sendJson(res, 200, { service: name, version });
    }
  });

  return {
    server,
    metrics,
    beginShutdown() {
      shuttingDown = true;
    },
  };
}

function log(message: string, fields: Record<string, unknown> = {}) {
  process.stdout.write(
    `${JSON.stringify({
      time: new Date().toISOString(),
      level: 'info',
      message,
      ...fields,
    })}\n`,
  );
}

/** Starts the service and stops it gracefully on SIGTERM or SIGINT. */
export function main(): void {
  const port = Number(process.env.PORT ?? 8080);
  const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
  const service = createService();
  const { server } = service;

  server.listen(port, () => {
    const address = server.address();
    const actualPort =
      typeof address === 'object' && address ? address.port : port;
    log('listening', { service: pkg.name, port: actualPort });
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log('shutting down', { signal });
    service.beginShutdown();
    server.close(err => {
      log('stopped', { error: err?.message });
      process.exit(err ? 1 : 0);
    });
    // Idle keep-alive connections would hold close() open; requests in flight may finish.
    server.closeIdleConnections();
    setTimeout(() => {
      log('grace period over, closing remaining connections');
      server.closeAllConnections();
    }, graceMs).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (entry === fileURLToPath(import.meta.url)) {
  main();
}
