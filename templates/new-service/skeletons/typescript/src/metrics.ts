/**
 * Prometheus metrics, written by hand in the text exposition format 0.0.4 so that the service has
 * no runtime dependencies. Three kinds are enough for the golden signals: counters, gauges whose
 * value is read at scrape time, and histograms.
 *
 * Format reference: https://prometheus.io/docs/instrumenting/exposition_formats/
 */

/** The Content-Type Prometheus expects for this format. */
export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Latency buckets in seconds, from 5 ms to 10 s. */
export const DEFAULT_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export type Labels = Readonly<Record<string, string>>;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

/** Escapes HELP text: backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Formats a sample value as Prometheus reads it (Go's ParseFloat syntax). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(names: readonly string[], values: readonly string[]) {
  if (names.length === 0) return '';
  const pairs = names.map(
    (name, i) => `${name}="${escapeLabelValue(values[i] ?? '')}"`,
  );
  return `{${pairs.join(',')}}`;
}

function checkNames(name: string, labelNames: readonly string[]) {
  if (!METRIC_NAME.test(name)) {
    throw new Error(`invalid metric name ${JSON.stringify(name)}`);
  }
  for (const label of labelNames) {
    if (!LABEL_NAME.test(label) || label.startsWith('__') || label === 'le') {
      throw new Error(`invalid label name ${JSON.stringify(label)}`);
    }
  }
}

function labelValues(labelNames: readonly string[], labels: Labels): string[] {
  return labelNames.map(name => {
    const value = labels[name];
    if (value === undefined) throw new Error(`missing label ${name}`);
    return value;
  });
}

export interface Collector {
  readonly name: string;
  /** The metric family: HELP, TYPE and every sample, each line ending in a line feed. */
  render(): string;
}

/** A value that only goes up, per combination of label values. */
export class Counter implements Collector {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  private readonly series = new Map<
    string,
    { values: string[]; value: number }
  >();

  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    checkNames(name, labelNames);
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
  }

  inc(labels: Labels = {}, amount = 1): void {
    if (!(amount >= 0)) throw new Error('a counter only goes up');
    const values = labelValues(this.labelNames, labels);
    const key = JSON.stringify(values);
    const entry = this.series.get(key) ?? { values, value: 0 };
    entry.value += amount;
    this.series.set(key, entry);
  }

  get(labels: Labels = {}): number {
    const key = JSON.stringify(labelValues(this.labelNames, labels));
    return this.series.get(key)?.value ?? 0;
  }

  render(): string {
    let out = `# HELP ${this.name} ${escapeHelp(this.help)}\n`;
    out += `# TYPE ${this.name} counter\n`;
    for (const { values, value } of this.series.values()) {
      out += `${this.name}${formatLabels(
        this.labelNames,
        values,
      )} ${formatValue(value)}\n`;
    }
    return out;
  }
}

/** A value read when Prometheus scrapes, such as the uptime. */
export class Gauge implements Collector {
  readonly name: string;
  readonly help: string;
  private readonly read: () => number;

  constructor(name: string, help: string, read: () => number) {
    checkNames(name, []);
    this.name = name;
    this.help = help;
    this.read = read;
  }

  render(): string {
    return (
      `# HELP ${this.name} ${escapeHelp(this.help)}\n` +
      `# TYPE ${this.name} gauge\n` +
      `${this.name} ${formatValue(this.read())}\n`
    );
  }
}

interface HistogramSeries {
  values: string[];
  counts: number[];
  sum: number;
  count: number;
}

/** Observations counted into cumulative buckets, with their sum and count. */
export class Histogram implements Collector {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly buckets: readonly number[];
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets: readonly number[] = DEFAULT_BUCKETS,
  ) {
    checkNames(name, labelNames);
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
    this.buckets = [...buckets].sort((a, b) => a - b);
  }

  observe(labels: Labels, value: number): void {
    const values = labelValues(this.labelNames, labels);
    const key = JSON.stringify(values);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { values, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= this.buckets[i]!) entry.counts[i]!++;
    }
    entry.sum += value;
    entry.count++;
  }

  render(): string {
    let out = `# HELP ${this.name} ${escapeHelp(this.help)}\n`;
    out += `# TYPE ${this.name} histogram\n`;
    const names = [...this.labelNames, 'le'];
    for (const entry of this.series.values()) {
      this.buckets.forEach((bound, i) => {
        const labels = formatLabels(names, [
          ...entry.values,
          formatValue(bound),
        ]);
        out += `${this.name}_bucket${labels} ${entry.counts[i]}\n`;
      });
      const inf = formatLabels(names, [...entry.values, '+Inf']);
      out += `${this.name}_bucket${inf} ${entry.count}\n`;
      const labels = formatLabels(this.labelNames, entry.values);
      out += `${this.name}_sum${labels} ${formatValue(entry.sum)}\n`;
      out += `${this.name}_count${labels} ${entry.count}\n`;
    }
    return out;
  }
}

/** The metric families a service exposes on /metrics. */
export class Registry {
  private readonly collectors = new Map<string, Collector>();

  register<T extends Collector>(collector: T): T {
    if (this.collectors.has(collector.name)) {
      throw new Error(`metric ${collector.name} is already registered`);
    }
    this.collectors.set(collector.name, collector);
    return collector;
  }

  render(): string {
    return [...this.collectors.values()].map(c => c.render()).join('');
  }
}

/** The metrics every Runway service exposes; dashboards and alerts rely on these names. */
export interface ServiceMetrics {
  registry: Registry;
  requests: Counter;
  duration: Histogram;
}

export function createServiceMetrics(
  uptimeSeconds: () => number = () => process.uptime(),
): ServiceMetrics {
  const registry = new Registry();
  const requests = registry.register(
    new Counter('http_requests_total', 'HTTP requests served.', [
      'method',
      'route',
      'status',
    ]),
  );
  const duration = registry.register(
    new Histogram(
      'http_request_duration_seconds',
      'Time from receiving an HTTP request to finishing its response.',
      ['method', 'route'],
    ),
  );
  registry.register(
    new Gauge(
      'process_uptime_seconds',
      'Seconds since the process started.',
      uptimeSeconds,
    ),
  );
  return { registry, requests, duration };
}
