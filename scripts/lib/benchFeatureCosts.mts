/**
 * What each backend feature costs at start: the production bundle started with the first k
 * features of packages/backend/src/features.ts, for every k, and each feature's cost taken as the
 * difference between its prefix and the one before. Features are added in that file's order
 * (modules follow their plugin), so every prefix is a backend that starts. A feature's cost
 * includes the modules it is the first to load (its package's imports) and its plugin's start
 * (migrations, schedules, first catalogue look-ups). Plugins start concurrently, so time
 * differences are attribution, not a critical path; RSS differences are the memory it keeps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startBuiltBackend, unpackBundle } from './builtBackend.mts';
import { median, rssMiB, SETTLE_MS } from './startFigures.mts';
import { setTimeout as sleep } from 'node:timers/promises';

/** One start's figures: seconds to ready, RSS once settled, JS heap that survives a full GC. */
interface Figures {
  readySeconds: number;
  rssMiB: number;
  heapMiB: number;
}

/** Figures (medians) with features 1..k, and each figure's difference from features 1..k-1. */
export interface FeatureCost extends Figures {
  feature: string;
  delta: Figures;
}

/** The backend's features by name, read from the built bundle's features module. */
async function builtFeatureIds(backendDir: string): Promise<string[]> {
  const { runwayFeatures } = await import(
    path.join(backendDir, 'dist/features.cjs.js')
  );
  return (runwayFeatures as [string][]).map(([id]) => id);
}

/** The unpacked bundle with an entry that adds only the first RUNWAY_FEATURE_COUNT features. */
function unpackPrefixBackend(): string {
  const backendDir = unpackBundle('features');
  fs.writeFileSync(
    path.join(backendDir, 'prefix.cjs'),
    [
      "const { createBackend } = require('@backstage/backend-defaults');",
      "const { runwayFeatures } = require('./dist/features.cjs.js');",
      'const count = Number(process.env.RUNWAY_FEATURE_COUNT);',
      // On SIGUSR2: a full collection, then the memory that survives it, for the bench to read.
      "const fs = require('node:fs');",
      "require('node:v8').setFlagsFromString('--expose-gc');",
      "const gc = require('node:vm').runInNewContext('gc');",
      "process.on('SIGUSR2', () => {",
      '  gc();',
      '  gc();',
      '  fs.writeFileSync(process.env.RUNWAY_MEMORY_OUT, JSON.stringify(process.memoryUsage()));',
      '});',
      'const backend = createBackend();',
      'for (const [, load] of runwayFeatures.slice(0, count)) backend.add(load());',
      'backend.start();',
      '',
    ].join('\n'),
  );
  return backendDir;
}

/** Asks the prefix backend for its memory after a full collection (see prefix.cjs). */
async function retainedHeapMiB(pid: number, file: string): Promise<number> {
  fs.rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 30_000;
  while (!fs.existsSync(file) || !fs.readFileSync(file, 'utf8')) {
    if (Date.now() > deadline) throw new Error(`no memory figures in ${file}`);
    await sleep(50);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')).heapUsed / 2 ** 20;
}

export async function featureCosts(rounds: number): Promise<FeatureCost[]> {
  const backendDir = unpackPrefixBackend();
  const ids = await builtFeatureIds(backendDir);
  const measured: Figures[][] = ids.map(() => []);
  const memoryFile = path.join(backendDir, 'memory.json');
  process.env.RUNWAY_MEMORY_OUT = memoryFile;
  // Prefixes that end in a plugin that cannot start without the module after it (the
  // permission backend without its policy): that plugin is measured together with the module.
  const needsNext = new Set<number>();
  for (let round = 0; round < rounds; round++) {
    for (let k = 1; k <= ids.length; k++) {
      if (needsNext.has(k)) continue;
      process.env.RUNWAY_FEATURE_COUNT = String(k);
      let backend;
      try {
        backend = await startBuiltBackend({
          name: `features-${k}`,
          port: 7195,
          entry: path.join(backendDir, 'prefix.cjs'),
          cwd: path.resolve(backendDir, '../..'),
          timeoutSeconds: 60,
        });
      } catch (error) {
        if (k === ids.length) throw error;
        needsNext.add(k);
        process.stderr.write(`features ${k}: starts only with the next\n`);
        continue;
      }
      await sleep(SETTLE_MS);
      const pid = backend.process.pid!;
      const figures = {
        readySeconds: backend.startupSeconds,
        rssMiB: rssMiB(pid),
        heapMiB: await retainedHeapMiB(pid, memoryFile),
      };
      measured[k - 1].push(figures);
      await backend.stop();
      process.stderr.write(
        `features ${k}/${ids.length} round ${round + 1}: ${JSON.stringify(
          figures,
        )}\n`,
      );
    }
  }
  delete process.env.RUNWAY_FEATURE_COUNT;
  delete process.env.RUNWAY_MEMORY_OUT;
  const medians = (runs: Figures[]): Figures => ({
    readySeconds: median(runs.map(r => r.readySeconds)),
    rssMiB: median(runs.map(r => r.rssMiB)),
    heapMiB: median(runs.map(r => r.heapMiB)),
  });
  const costs: FeatureCost[] = [];
  let previous: Figures = { readySeconds: 0, rssMiB: 0, heapMiB: 0 };
  for (let i = 0; i < ids.length; i++) {
    if (needsNext.has(i + 1)) continue;
    let first = i;
    while (first > 0 && needsNext.has(first)) first--;
    const here = medians(measured[i]);
    costs.push({
      feature: ids.slice(first, i + 1).join(' + '),
      ...here,
      delta: {
        readySeconds: here.readySeconds - previous.readySeconds,
        rssMiB: here.rssMiB - previous.rssMiB,
        heapMiB: here.heapMiB - previous.heapMiB,
      },
    });
    previous = here;
  }
  return costs;
}
