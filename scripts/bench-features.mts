/**
 * `yarn bench:features`: what each backend feature costs at start (scripts/lib/benchFeatureCosts.mts),
 * printed as the markdown table docs/benchmarks.md keeps. Needs `yarn build:all` first.
 * RUNWAY_BENCH_RUNS rounds (default 3) over every prefix of the feature list.
 */
import { featureCosts } from './lib/benchFeatureCosts.mts';

const rounds = Number(process.env.RUNWAY_BENCH_RUNS ?? 3);
const costs = await featureCosts(rounds);
const signed = (value: number, digits: number) =>
  `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
console.log(
  '| Feature (added in this order) | Ready (s) | Its share (s) | RSS (MiB) | Its share (MiB) | Heap after GC (MiB) | Its share (MiB) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const c of costs) {
  console.log(
    `| ${c.feature} | ${c.readySeconds.toFixed(2)} | ${signed(
      c.delta.readySeconds,
      2,
    )} | ${c.rssMiB.toFixed(0)} | ${signed(
      c.delta.rssMiB,
      0,
    )} | ${c.heapMiB.toFixed(0)} | ${signed(c.delta.heapMiB, 0)} |`,
  );
}
