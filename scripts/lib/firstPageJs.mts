/**
 * The JavaScript a browser fetches to show a built Backstage frontend's first page: the app's
 * dist served as static files (no backend: both apps stop at their guest sign-in page), opened
 * in Chromium, every script requested until that page shows and the network is idle. It counts
 * what index.html loads and what the first page then loads lazily (the sign-in page, its form
 * library), so that splitting a chunk out of index.html does not pass for a saving.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchChromium } from '../../tests/lib/browser.mts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** A static server for a single-page app: unknown paths get index.html. */
function serveDist(distDir: string) {
  const root = path.resolve(distDir);
  return http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    let file = path.join(root, pathname);
    const inside = file.startsWith(root + path.sep);
    if (!inside || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(root, 'index.html');
    }
    res.setHeader(
      'content-type',
      TYPES[path.extname(file)] ?? 'application/octet-stream',
    );
    fs.createReadStream(file).pipe(res);
  });
}

export async function firstPageJs(distDir: string) {
  const server = serveDist(distDir);
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const scripts = new Set<string>();
    page.on('request', request => {
      const { pathname } = new URL(request.url());
      if (pathname.endsWith('.js')) scripts.add(pathname);
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    // Both apps' first page without a session: the guest sign-in.
    await page
      .getByText('Enter as a Guest User')
      .waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    let raw = 0;
    let gzip = 0;
    for (const script of scripts) {
      const body = fs.readFileSync(path.join(distDir, script));
      raw += body.length;
      gzip += zlib.gzipSync(body, { level: 9 }).length;
    }
    return { files: scripts.size, rawKiB: raw / 1024, gzipKiB: gzip / 1024 };
  } finally {
    await browser.close();
    server.close();
  }
}
