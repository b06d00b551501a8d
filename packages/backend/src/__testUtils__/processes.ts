/** Runs programs from tests without blocking the event loop (the devstack may share the process). */
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a command without blocking the event loop; resolves with its exit code and output. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
    });
    child.stderr.on('data', chunk => {
      output += chunk;
    });
    const timer = setTimeout(
      () => child.kill('SIGKILL'),
      options.timeoutMs ?? 120_000,
    );
    child.once('error', err => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', code => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The environment for the rendered services' own tools, free of Jest's NODE_OPTIONS. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}
