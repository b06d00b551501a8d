/*
 * Runway's backend: Backstage's new backend system with the plugins Runway is built on.
 * Only wiring lives here (the features are listed in ./features); Runway's own behaviour lives
 * in plugins/ and modules.
 */
import { createBackend } from '@backstage/backend-defaults';
import { runwayFeatures } from './features';
import { assertRequiredEnv } from './requiredEnv';

// Fail before any plugin starts, naming the missing variable (instead of a later,
// vaguer "missing config value" from whichever plugin reads it first).
try {
  assertRequiredEnv(process.argv, process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

const backend = createBackend();
for (const [, load] of runwayFeatures) backend.add(load());
backend.start();
