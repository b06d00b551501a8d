/**
 * Git's smart HTTP protocol through `git http-backend` (the CGI program that ships with git),
 * so `git clone`, `git push` and isomorphic-git talk to real repositories. Pushes are announced
 * to webhooks like GitHub's push events.
 */
import { spawn } from 'node:child_process';
import { Request, Response } from 'express';
import { authenticate } from './forge';
import { BareRepo } from './git';
import { permissionOf } from './json';
import { ForgeState } from './state';
import { ForgeUrls } from './urls';
import { WebhookDispatcher } from './webhooks';
import path from 'node:path';

export interface GitHttpOptions {
  reposDir: string;
  state: ForgeState;
  tokens: Record<string, string>;
  webhooks: WebhookDispatcher;
}

export function gitHttpHandler(options: GitHttpOptions) {
  return async (req: Request, res: Response) => {
    const [, owner, name, rest = ''] =
      /^\/([^/]+)\/([^/]+)\.git(\/.*)?$/.exec(req.originalUrl.split('?')[0]) ??
      [];
    const repo = options.state.repo(owner, name);
    if (!repo) return res.status(404).send('Repository not found.\n');
    const isPush =
      rest.endsWith('git-receive-pack') ||
      req.query.service === 'git-receive-pack';
    const viewer = authenticate(req, options.tokens, options.state);
    const ctx = { state: options.state, urls: new ForgeUrls('') };
    const permission =
      typeof viewer === 'string'
        ? undefined
        : permissionOf(ctx, repo, viewer.login);
    const allowed = isPush
      ? ['push', 'maintain', 'admin'].includes(permission ?? '')
      : !repo.private || !!permission;
    if (!allowed) {
      res.setHeader('www-authenticate', 'Basic realm="GitHub"');
      return res
        .status(typeof viewer === 'string' ? 401 : 403)
        .send(
          typeof viewer === 'string'
            ? 'Authentication required.\n'
            : 'Permission denied.\n',
        );
    }
    const git = new BareRepo(
      path.join(
        options.reposDir,
        repo.owner.toLowerCase(),
        `${repo.name.toLowerCase()}.git`,
      ),
    );
    const before =
      isPush && req.method === 'POST' ? await git.refs() : undefined;
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: options.reposDir,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: `/${repo.owner.toLowerCase()}/${repo.name.toLowerCase()}.git${rest}`,
        REQUEST_METHOD: req.method,
        QUERY_STRING: req.originalUrl.split('?')[1] ?? '',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_USER: typeof viewer === 'string' ? '' : viewer.login,
        REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      headersDone = true;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const [key, ...value] = line.split(':');
        if (key.toLowerCase() === 'status')
          res.status(Number(value.join(':').trim().split(' ')[0]));
        else res.setHeader(key, value.join(':').trim());
      }
      return void res.write(head.subarray(end + 4));
    });
    cgi.on('close', async () => {
      res.end();
      if (before && typeof viewer !== 'string') {
        const after = await git.refs();
        for (const ref of after) {
          const old = before.find(b => b.ref === ref.ref);
          if (old?.sha !== ref.sha)
            await options.webhooks.push(
              repo,
              ref.ref,
              old?.sha ?? null,
              ref.sha,
              viewer,
            );
        }
        repo.pushed_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        options.state.save();
      }
    });
    return undefined;
  };
}
