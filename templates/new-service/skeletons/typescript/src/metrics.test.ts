import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  createServiceMetrics,
  escapeLabelValue,
  formatValue,
} from './metrics.ts';

describe('metrics', () => {
  test('escapes label values as the exposition format requires', () => {
    assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
  });

  test('formats special values', () => {
    assert.equal(formatValue(Infinity), '+Inf');
    assert.equal(formatValue(-Infinity), '-Inf');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(0.25), '0.25');
  });

  test('a counter renders HELP, TYPE and one sample per label set', () => {
    const c = new Counter('jobs_total', 'Jobs done.', ['kind']);
    c.inc({ kind: 'a' });
    c.inc({ kind: 'a' }, 2);
    c.inc({ kind: 'b"x' });
    assert.equal(c.get({ kind: 'a' }), 3);
    assert.equal(
      c.render(),
      '# HELP jobs_total Jobs done.\n' +
        '# TYPE jobs_total counter\n' +
        'jobs_total{kind="a"} 3\n' +
        'jobs_total{kind="b\\"x"} 1\n',
    );
  });

  test('a counter refuses to go down and needs its labels', () => {
    const c = new Counter('jobs_total', 'Jobs done.', ['kind']);
    assert.throws(() => c.inc({ kind: 'a' }, -1));
    assert.throws(() => c.inc({}));
  });

  test('rejects invalid metric and label names', () => {
    assert.throws(() => new Counter('bad-name', 'x'));
    assert.throws(() => new Counter('ok_total', 'x', ['le']));
    assert.throws(() => new Counter('ok_total', 'x', ['__reserved']));
  });

  test('a gauge reads its value at render time', () => {
    let v = 1;
    const g = new Gauge('temperature', 'Degrees.', () => v);
    v = 2.5;
    assert.match(g.render(), /^temperature 2\.5$/m);
    assert.match(g.render(), /^# TYPE temperature gauge$/m);
  });

  test('a histogram has cumulative buckets, +Inf, sum and count', () => {
    const h = new Histogram('latency_seconds', 'Latency.', ['route'], [0.1, 1]);
    h.observe({ route: '/' }, 0.05);
    h.observe({ route: '/' }, 0.5);
    h.observe({ route: '/' }, 3);
    assert.equal(
      h.render(),
      '# HELP latency_seconds Latency.\n' +
        '# TYPE latency_seconds histogram\n' +
        'latency_seconds_bucket{route="/",le="0.1"} 1\n' +
        'latency_seconds_bucket{route="/",le="1"} 2\n' +
        'latency_seconds_bucket{route="/",le="+Inf"} 3\n' +
        'latency_seconds_sum{route="/"} 3.55\n' +
        'latency_seconds_count{route="/"} 3\n',
    );
  });

  test('a registry refuses two metrics of the same name', () => {
    const r = new Registry();
    r.register(new Counter('x_total', 'x'));
    assert.throws(() => r.register(new Counter('x_total', 'x')));
  });

  test('the service metrics are the ones dashboards and alerts query', () => {
    const { registry, requests, duration } = createServiceMetrics(() => 42);
    requests.inc({ method: 'GET', route: '/', status: '200' });
    duration.observe({ method: 'GET', route: '/' }, 0.01);
    const text = registry.render();
    assert.match(text, /^# TYPE http_requests_total counter$/m);
    assert.match(
      text,
      /^http_requests_total\{method="GET",route="\/",status="200"\} 1$/m,
    );
    assert.match(text, /^# TYPE http_request_duration_seconds histogram$/m);
    assert.match(text, /^# TYPE process_uptime_seconds gauge$/m);
    assert.match(text, /^process_uptime_seconds 42$/m);
    assert.ok(text.endsWith('\n'));
  });
});
