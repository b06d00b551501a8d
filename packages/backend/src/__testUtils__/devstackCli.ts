/**
 * `yarn devstack` as a real child process (the devstack package's start script), for tests that
 * interrupt its first start: its output, how far its start has got (read from its state
 * directory, as the process leaves it), and a SIGKILL of the whole process group — the devstack
 * and the git processes it runs — at the moment a test chooses.
 */
import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { childEnv } from './processes';

const repoRoot = path.resolve(__dirname, '../../../..');
const devstackDir = path.join(repoRoot, 'packages/devstack');
const platformConfigRepo = (dataDir: string) =>
  path.join(dataDir, 'repos/acme/platform-config.git');

/** How far a first start has got, read from the state directory and the CLI's output. */
export interface StartProgress {
  /** forge.json is written: the port is bound and the forge's people and teams recorded. */
  stateRecorded: boolean;
  /** platform-config's bare repository exists (its HEAD is written). */
  repositoryCreated: boolean;
  /** Loose git objects in platform-config: its files' blobs, then its trees and commit. */
  objects: number;
  /** platform-config's main branch is written (loose or packed). */
  branchWritten: boolean;
  /** The CLI printed that it is up. */
  up: boolean;
}

/** What seeding platform-config writes: one blob per distinct file content, then the trees. */
export function platformConfigSeed(): { blobs: number; files: string[] } {
  const dir = path.join(repoRoot, 'examples/platform-config');
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter(f => fs.statSync(path.join(dir, f)).isFile())
    .map(f => f.split(path.sep).join('/'))
    .sort();
  const blobs = new Set(
    files.map(f => {
      const content = fs.readFileSync(path.join(dir, f));
      return crypto
        .createHash('sha1')
        .update(`blob ${content.length}\0`)
        .update(content)
        .digest('hex');
    }),
  );
  return { blobs: blobs.size, files };
}

async function countLooseObjects(objectsDir: string): Promise<number> {
  let count = 0;
  const fanout = await fs.promises.readdir(objectsDir).catch(() => []);
  for (const dir of fanout) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    const names = await fs.promises
      .readdir(path.join(objectsDir, dir))
      .catch(() => []);
    count += names.filter(n => /^[0-9a-f]{38}$/.test(n)).length;
  }
  return count;
}

export class DevstackCli {
  output = '';
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>;
  private readonly child: ChildProcess;
  private running = true;

  /** Starts the CLI on `dataDir` with ports chosen by the OS. */
  constructor(readonly dataDir: string) {
    this.child = spawn(
      process.execPath,
      ['--require', '@backstage/cli/config/nodeTransform.cjs', 'src/cli.ts'],
      {
        cwd: devstackDir,
        env: childEnv({
          DEVSTACK_DATA_DIR: dataDir,
          DEVSTACK_PORT: '0',
          DEVSTACK_SMTP_PORT: '0',
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: the kill reaches the git processes it runs, as a power cut would.
        detached: true,
      },
    );
    this.child.stdout!.on('data', chunk => {
      this.output += chunk;
    });
    this.child.stderr!.on('data', chunk => {
      this.output += chunk;
    });
    this.exited = new Promise(resolve =>
      this.child.once('exit', (code, signal) => {
        this.running = false;
        resolve({ code, signal });
      }),
    );
  }

  /** Resolves once the process is running. */
  spawned(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.child.pid) resolve();
      this.child.once('spawn', () => resolve());
      this.child.once('error', reject);
    });
  }

  get up(): boolean {
    return /Runway devstack is up/.test(this.output);
  }

  async progress(): Promise<StartProgress> {
    const repo = platformConfigRepo(this.dataDir);
    const packed = await fs.promises
      .readFile(path.join(repo, 'packed-refs'), 'utf8')
      .catch(() => '');
    return {
      stateRecorded: fs.existsSync(path.join(this.dataDir, 'forge.json')),
      repositoryCreated: fs.existsSync(path.join(repo, 'HEAD')),
      objects: await countLooseObjects(path.join(repo, 'objects')),
      branchWritten:
        fs.existsSync(path.join(repo, 'refs/heads/main')) ||
        /\srefs\/heads\/main$/m.test(packed),
      up: this.up,
    };
  }

  /**
   * Polls the start's progress until `reached` holds, waits `delayMs` more (cut short when
   * `stopBefore` holds, so the kill still lands before the start completes), then SIGKILLs
   * the process group. Answers the progress seen at the kill; throws when the process ended
   * or took longer than `timeoutMs` to get there.
   */
  async killWhen(
    reached: (p: StartProgress) => boolean,
    options: {
      delayMs: number;
      stopBefore: (p: StartProgress) => boolean;
      timeoutMs: number;
    },
  ): Promise<StartProgress> {
    const deadline = Date.now() + options.timeoutMs;
    const poll = async (done: (p: StartProgress) => boolean, until: number) => {
      for (;;) {
        const p = await this.progress();
        if (!this.running)
          throw new Error(
            `the devstack ended before it was killed: ${this.output}`,
          );
        if (done(p) || Date.now() >= until) return p;
        await new Promise(r => setTimeout(r, 5));
      }
    };
    const at = await poll(reached, deadline);
    if (!reached(at))
      throw new Error(
        `the devstack's start never got there in ${
          options.timeoutMs
        } ms (${JSON.stringify(at)}): ${this.output}`,
      );
    if (options.delayMs > 0 && !options.stopBefore(at))
      await poll(options.stopBefore, Date.now() + options.delayMs);
    this.kill();
    await this.exited;
    return { ...(await this.progress()), up: this.up };
  }

  /** SIGKILL to the process group (the devstack and its git processes), if still running. */
  kill(): void {
    if (!this.running || !this.child.pid) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }
}
