/**
 * The devstack: Runway's stand-ins for GitHub, Slack and SMTP on one machine, with no accounts.
 * One HTTP origin serves the forge (REST, GraphQL, git), the Slack Web API and the web view;
 * SMTP listens on its own port. Tests start it with startDevstack(); `yarn devstack` runs it.
 */
import express from 'express';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FaultController, FaultSpec } from './faults';
import { Forge, createForge } from './forge/forge';
import { BOT_LOGIN } from './forge/seed';
import { loadOrg } from './seed/loadOrg';

export interface DevstackOptions {
  /** HTTP port; 0 picks a free one. Default 7070. */
  port?: number;
  /** Where repositories and state are kept; default a fresh temporary directory. */
  dataDir?: string;
  /** The demo organisation and platform-config seed; default the repository's examples/. */
  examplesDir?: string;
  /** GitHub token of Runway's bot; default `devstack-token`. */
  githubToken?: string;
  /** Check every forge answer against GitHub's description (tests). */
  validateResponses?: boolean;
  host?: string;
}

export interface Devstack {
  urls: {
    base: string;
    githubApi: string;
    githubGraphql: string;
    githubHost: string;
  };
  githubToken: string;
  forge: Forge;
  faults: FaultController;
  injectFault(spec: FaultSpec): void;
  stop(): Promise<void>;
}

export const DEFAULT_PORT = 7070;
export const DEFAULT_GITHUB_TOKEN = 'devstack-token';

export async function startDevstack(
  options: DevstackOptions = {},
): Promise<Devstack> {
  const examplesDir =
    options.examplesDir ??
    path.resolve(
      path.dirname(require.resolve('@runway/devstack/package.json')),
      '../../examples',
    );
  const dataDir =
    options.dataDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'runway-devstack-'));
  const githubToken = options.githubToken ?? DEFAULT_GITHUB_TOKEN;
  const org = loadOrg(examplesDir);
  const faults = new FaultController();

  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(
      options.port ?? DEFAULT_PORT,
      options.host ?? '127.0.0.1',
      resolve,
    );
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://localhost:${port}`;

  const forge = await createForge({
    baseUrl: base,
    dataDir,
    org,
    tokens: {
      [githubToken]: BOT_LOGIN,
      ...Object.fromEntries(
        org.users.map(u => [`devstack-${u.login}`, u.login]),
      ),
    },
    faults,
    platformConfigDir: path.join(examplesDir, 'platform-config'),
    validateResponses: options.validateResponses,
  });
  app.get('/_devstack/health', (_req, res) => res.json({ ok: true }));
  app.use(forge.router);

  return {
    urls: {
      base,
      githubApi: `${base}/api/v3`,
      githubGraphql: `${base}/api/graphql`,
      githubHost: `localhost:${port}`,
    },
    githubToken,
    forge,
    faults,
    injectFault: spec => faults.inject(spec),
    stop: async () => {
      await forge.webhooks.idle();
      await new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
