/**
 * Runway's GitHub writes, for every backend module and plugin: the client (retry, throttling,
 * spaced-out writes, timeouts, a clear "no credentials" message), commits to a branch or the
 * default branch, pull requests, marked comments and git blob SHAs. Everything here is idempotent:
 * run twice, it finds what the first run made.
 *
 * @packageDocumentation
 */
export * from './client';
export * from './errors';
export * from './blobSha';
export * from './branches';
export * from './commitFiles';
export * from './refs';
export * from './pullRequests';
export * from './comments';
export * from './markdown';
