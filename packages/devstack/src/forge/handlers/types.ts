import type { Context } from 'openapi-backend';
import type { Readable } from 'node:stream';
import { BareRepo } from '../git';
import { JsonContext, permissionOf } from '../json';
import { RepoRecord, UserRecord } from '../state';
import { WebhookDispatcher } from '../webhooks';

/** What every handler gets: the records, URLs, the caller, git and webhooks. */
export interface ForgeContext extends JsonContext {
  viewer: UserRecord;
  git(repo: RepoRecord): BareRepo;
  createRepo(record: RepoRecord): Promise<BareRepo>;
  webhooks: WebhookDispatcher;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Streamed bodies (archives) skip JSON conformance. */
  stream?: Readable;
}

export type Handler = (c: Context, fx: ForgeContext) => Promise<Reply>;

/** An error GitHub would answer with: status and its `{ message }` body. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: {
      resource: string;
      field?: string;
      code: string;
      message?: string;
    }[],
  ) {
    super(message);
  }
}

export const notFound = () => new GitHubError(404, 'Not Found');

export function param(c: Context, name: string): string {
  return String((c.request.params as Record<string, string>)[name]);
}

export function body<T = any>(c: Context): T {
  return (c.request.requestBody ?? {}) as T;
}

export function query(c: Context, name: string): string | undefined {
  const value = (c.request.query as Record<string, string | string[]>)[name];
  return Array.isArray(value) ? value[0] : value;
}

export function repoOf(c: Context, fx: ForgeContext): RepoRecord {
  const repo = fx.state.repo(param(c, 'owner'), param(c, 'repo'));
  if (!repo) throw notFound();
  return repo;
}

/** Mutations need push (or admin) rights on the repository. */
export function requirePermission(
  fx: ForgeContext,
  repo: RepoRecord,
  level: 'push' | 'admin',
) {
  const permission = permissionOf(fx, repo, fx.viewer.login);
  const ok =
    level === 'push'
      ? ['push', 'maintain', 'admin'].includes(permission ?? '')
      : permission === 'admin';
  // Without any access GitHub hides the repository; with too little it says which right is missing.
  if (!ok && !permission) throw notFound();
  if (!ok) {
    throw new GitHubError(
      403,
      level === 'admin'
        ? `Must have admin rights to Repository (${fx.viewer.login} has ${permission}).`
        : `Must have push access to repository (${fx.viewer.login} has ${permission}).`,
    );
  }
}

/** A request header (the first value when repeated), or '' when absent. */
export function header(c: Context, name: string): string {
  const value = (c.request.headers as Record<string, unknown>)[name];
  return String((Array.isArray(value) ? value[0] : value) ?? '');
}

/** GitHub's paging: `page` counts from 1 (0 reads as 1), `per_page` at most 100. */
export function paging(c: Parameters<Handler>[0]) {
  const perPage = Math.min(Number(query(c, 'per_page') ?? 30) || 30, 100);
  const page = Math.max(Number(query(c, 'page') ?? 1) || 1, 1);
  return <T>(items: T[]) =>
    items.slice((page - 1) * perPage, (page - 1) * perPage + perPage);
}
