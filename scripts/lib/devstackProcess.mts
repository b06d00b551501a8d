/**
 * Runs the devstack (`yarn devstack`'s entry point) as a child process with its own ports and a
 * throw-away data directory, for benchmarks and tests that drive a built backend.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './builtBackend.mts';

export interface DevstackProcess {
  /** host:port of the forge, as integrations.github[].host. */
  host: string;
  base: string;
  /** Config for a built backend that reaches GitHub, Slack and SMTP on this devstack. */
  backendConfig: object;
  stop(): Promise<void>;
}

export async function startDevstackProcess(options: {
  port: number;
  smtpPort: number;
}): Promise<DevstackProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-devstack-'));
  const child = spawn(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', 'src/cli.ts'],
    {
      cwd: path.join(repoRoot, 'packages/devstack'),
      env: {
        ...process.env,
        DEVSTACK_PORT: String(options.port),
        DEVSTACK_SMTP_PORT: String(options.smtpPort),
        DEVSTACK_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (let waited = 0; !output.includes('devstack is up'); waited += 100) {
    if (child.exitCode !== null || waited > 60_000) {
      await stop();
      throw new Error(`devstack did not start:\n${output.slice(-2000)}`);
    }
    await sleep(100);
  }
  const host = `localhost:${options.port}`;
  const base = `http://${host}`;
  return {
    host,
    base,
    backendConfig: backendConfigFor(host, base),
    stop,
  };
}

/** The devstack's GitHub (token accepted by the forge), Slack, Argo CD and cluster, as backend config. */
function backendConfigFor(host: string, base: string) {
  return {
    integrations: {
      github: [
        {
          host,
          apiBaseUrl: `${base}/api/v3`,
          rawBaseUrl: base,
          token: 'devstack-token',
        },
      ],
    },
    backend: { reading: { allow: [{ host }] } },
    runway: {
      github: { host, org: 'acme' },
      slack: { token: 'xoxb-devstack', apiUrl: `${base}/slack/api/` },
      environments: { argocd: { url: `${base}/argocd` } },
    },
    // app-config.yaml's devstack cluster, Argo CD proxy and GitHub sign-in, on this port.
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'devstack',
              url: `${base}/k8s`,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'devstack-k8s-token',
              skipMetricsLookup: true,
            },
          ],
        },
      ],
    },
    proxy: {
      endpoints: {
        '/argocd/api': {
          target: `${base}/argocd/api/v1`,
          headers: { Authorization: 'Bearer devstack-argocd-token' },
        },
      },
    },
    auth: {
      providers: { github: { development: { enterpriseInstanceUrl: base } } },
    },
  };
}
