/** The first page's JavaScript of a built Backstage frontend, counted the same way for every app. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The scripts the built index.html loads up front, with their raw and gzip sizes. */
export function initialJs(distDir: string) {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map(
    m => m[1],
  );
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const file = path.join(distDir, src.replace(/^\//, ''));
    const body = fs.readFileSync(file);
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
  }
  return { files: sources.length, rawKiB: raw / 1024, gzipKiB: gzip / 1024 };
}
