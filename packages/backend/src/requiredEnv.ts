import fs from 'node:fs';
import path from 'node:path';
import { parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';

/** One `${NAME}` reference found in a config file. */
export interface EnvReference {
  name: string;
  configPath: string;
  file: string;
}

// `$${X}` is Backstage's escape for a literal `${X}`, so it is not a reference.
const ENV_REFERENCE = /(?<!\$)\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;

/** Lists every environment variable a config file substitutes, with where it is used. */
export function findEnvReferences(file: string, text: string): EnvReference[] {
  const found: EnvReference[] = [];
  const walk = (node: Node | null | undefined, at: string[]) => {
    if (isMap(node)) {
      for (const item of node.items) {
        const key = isScalar(item.key) ? String(item.key.value) : '?';
        walk(item.value as Node, [...at, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node, [...at, `[${i}]`]));
    } else if (isScalar(node) && typeof node.value === 'string') {
      for (const match of node.value.matchAll(ENV_REFERENCE)) {
        found.push({ name: match[1], configPath: at.join('.'), file });
      }
    }
  };
  walk(parseDocument(text).contents as Node, []);
  return found;
}

/** The `--config` files the backend was started with (Backstage's own flag). */
export function configFilesFromArgs(argv: string[]): string[] {
  const files: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--config' && argv[i + 1]) files.push(argv[i + 1]);
    else if (arg.startsWith('--config=')) files.push(arg.slice(9));
  });
  return files;
}

/** The references whose variable is unset or empty. */
export function missingEnv(
  files: string[],
  env: NodeJS.ProcessEnv,
): EnvReference[] {
  return files
    .filter(file => fs.existsSync(file))
    .flatMap(file =>
      findEnvReferences(path.basename(file), fs.readFileSync(file, 'utf8')),
    )
    .filter(ref => !env[ref.name]);
}

/**
 * Stops start-up when a config file given with --config substitutes a variable that is not set.
 * Only explicit --config files are checked: the embedded default substitutes none.
 */
export function assertRequiredEnv(argv: string[], env: NodeJS.ProcessEnv) {
  const missing = missingEnv(configFilesFromArgs(argv), env);
  if (missing.length === 0) return;
  const lines = missing.map(
    ref => `  ${ref.name} (used by ${ref.configPath} in ${ref.file})`,
  );
  const names = [...new Set(missing.map(ref => ref.name))].join(', ');
  throw new Error(
    `Runway cannot start: required environment variable(s) not set: ${names}\n${lines.join(
      '\n',
    )}\nSet them (see docs/operating.md) or start without that config file.`,
  );
}
