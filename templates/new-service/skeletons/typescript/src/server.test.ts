import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createService, pkg } from './server.ts';
import type { Service } from './server.ts';

describe('server', () => {
  let service: Service;
  let base: string;

  before(async () => {
    service = createService();
    service.server.listen(0, '127.0.0.1');
    await once(service.server, 'listening');
    const { port } = service.server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    service.server.closeAllConnections();
    await new Promise(resolve => service.server.close(resolve));
  });

  test('GET /healthz answers 200 {"status":"ok"}', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('GET / names the service', async () => {
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      service: pkg.name,
      version: pkg.version,
    });
  });

  test('unknown paths are 404 and other methods 405', async () => {
    const missing = await fetch(`${base}/nope`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    const post = await fetch(`${base}/healthz`, { method: 'POST' });
    assert.equal(post.status, 405);
    await post.body?.cancel();
  });

  test('GET /metrics exposes requests, latency and uptime', async () => {
    await (await fetch(`${base}/healthz`)).text();
    await (await fetch(`${base}/nope`)).text();
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get('content-type'),
      'text/plain; version=0.0.4; charset=utf-8',
    );
    const text = await res.text();
    assert.match(text, /^# TYPE http_requests_total counter$/m);
    assert.match(
      text,
      /^http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+$/m,
    );
    assert.match(
      text,
      /^http_requests_total\{method="GET",route="unmatched",status="404"\} \d+$/m,
    );
    assert.match(
      text,
      /^http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} \d+$/m,
    );
    assert.match(text, /^# TYPE process_uptime_seconds gauge$/m);
    assert.match(text, /^process_uptime_seconds \d+(\.\d+)?(e[-+]\d+)?$/m);
  });

  test('/healthz answers 503 once shutdown has begun', async () => {
    const other = createService();
    other.server.listen(0, '127.0.0.1');
    await once(other.server, 'listening');
    const { port } = other.server.address() as AddressInfo;
    other.beginShutdown();
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 503);
    await res.text();
    other.server.closeAllConnections();
    await new Promise(resolve => other.server.close(resolve));
  });
});

describe('node src/server.ts', () => {
  test('listens on $PORT and exits 0 on SIGTERM', async () => {
    const script = fileURLToPath(new URL('./server.ts', import.meta.url));
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const line = output
            .split('\n')
            .map(l => (l.trim() ? JSON.parse(l) : {}))
            .find(l => l.message === 'listening');
          if (line) resolve(line.port);
        });
        child.once('exit', code => reject(new Error(`exited ${code}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(res.status, 200);
      await res.text();
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
