/**
 * Rewrites every mkdocs.yml that Runway's catalog points at into the form Runway's TechDocs
 * generator leaves it in. Local TechDocs builds patch mkdocs.yml in place (plugins, fonts),
 * so a file already in that form stays untouched when the portal builds its docs.
 * Run after editing a mkdocs.yml: node scripts/canonical-mkdocs.mts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const repoRoot = path.resolve(import.meta.dirname, '..');
const require = createRequire(
  path.join(repoRoot, 'packages/backend/package.json'),
);
const { TechdocsGenerator } = require('@backstage/plugin-techdocs-node');
const { ConfigReader } = require('@backstage/config');
const { loadConfig } = require('@backstage/config-loader');
const winston = require('winston');

const { appConfigs } = await loadConfig({
  configRoot: repoRoot,
  configTargets: [{ path: path.join(repoRoot, 'app-config.yaml') }],
});
const config = ConfigReader.fromConfigs(appConfigs);
const logger = winston.createLogger({
  transports: [new winston.transports.Console({ silent: true })],
});
const generator = TechdocsGenerator.fromConfig(config, { logger });

const dirs = [
  repoRoot,
  ...fs
    .globSync('examples/**/mkdocs.yml', { cwd: repoRoot })
    .map(f => path.join(repoRoot, path.dirname(f))),
];
for (const dir of dirs) {
  const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-mkdocs-'));
  await generator.run({
    inputDir: dir,
    outputDir,
    parsedLocationAnnotation: { type: 'dir', target: dir },
    logger,
  });
  fs.rmSync(outputDir, { recursive: true, force: true });
  console.log(
    `canonical: ${
      path.relative(repoRoot, path.join(dir, 'mkdocs.yml')) || 'mkdocs.yml'
    }`,
  );
}
