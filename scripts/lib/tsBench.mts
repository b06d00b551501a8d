/**
 * Runs a benchmark function exported by a workspace package's TypeScript sources in a child Node
 * (with Backstage's TypeScript transform, as `yarn devstack` runs), and returns what it resolved
 * to. The bench script itself runs on Node's type stripping, which cannot load those sources.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './builtBackend.mts';

export function runTsBench<T>(
  modulePath: string,
  exportName: string,
  args: unknown[],
): Promise<T> {
  const script = `require(${JSON.stringify(
    path.join(repoRoot, modulePath),
  )})[${JSON.stringify(exportName)}](...${JSON.stringify(args)})
    .then(r => process.stdout.write('\\n@@RESULT ' + JSON.stringify(r) + '\\n'))
    .catch(e => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', '@backstage/cli/config/nodeTransform.cjs', '-e', script],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', chunk => (out += chunk));
    child.stderr.on('data', chunk => (out += chunk));
    child.once('error', reject);
    child.once('close', code => {
      const line = out.split('\n').find(l => l.startsWith('@@RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(9)) as T);
      else
        reject(
          new Error(`${modulePath} ${exportName} failed (${code}):\n${out}`),
        );
    });
  });
}
