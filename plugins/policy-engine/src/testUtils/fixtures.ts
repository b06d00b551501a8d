/**
 * The fixtures convention of policies/README.md: policies/fixtures/<policy-id>/{pass,fail}/<case>,
 * where a case is one file or a directory checked as one set, and a fail case names the message
 * it expects in a first-line `# expect: <text>` comment or a sidecar `<case>.expect` file
 * (`expect` inside a directory case).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface FixtureCase {
  policyId: string;
  outcome: 'pass' | 'fail';
  /** Absolute path of the file or directory. */
  path: string;
  /** Relative to the fixtures directory, for test names. */
  name: string;
  /** Fail cases: a substring of the violation's message. */
  expect?: string;
}

const EXPECT_LINE = /^#\s*expect:\s*(.+)$/m;
const CASE_FILE = /\.(ya?ml|json|tf)$/;

export function fixtureCases(
  fixturesDir: string,
  policyId: string,
): FixtureCase[] {
  const out: FixtureCase[] = [];
  for (const outcome of ['pass', 'fail'] as const) {
    const dir = path.join(fixturesDir, policyId, outcome);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (!entry.isDirectory() && !CASE_FILE.test(entry.name)) continue;
      out.push({
        policyId,
        outcome,
        path: full,
        name: path.relative(fixturesDir, full),
        expect: expectationOf(full, entry.isDirectory()),
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function expectationOf(casePath: string, isDir: boolean): string | undefined {
  const sidecar = isDir ? path.join(casePath, 'expect') : `${casePath}.expect`;
  if (fs.existsSync(sidecar)) return fs.readFileSync(sidecar, 'utf8').trim();
  const files = isDir
    ? fs
        .readdirSync(casePath)
        .filter(f => CASE_FILE.test(f))
        .sort()
        .map(f => path.join(casePath, f))
    : [casePath];
  for (const file of files) {
    const firstLine = fs.readFileSync(file, 'utf8').split('\n')[0];
    const m = EXPECT_LINE.exec(firstLine);
    if (m) return m[1].trim();
  }
  return undefined;
}
