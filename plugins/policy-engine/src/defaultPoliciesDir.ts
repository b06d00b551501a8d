import path from 'node:path';

/** The repository's policies/ (the baseline), found from this package's own location. */
export function defaultPoliciesDir(): string {
  const packageJson = require.resolve('@runway/policy-engine/package.json');
  return path.resolve(path.dirname(packageJson), '..', '..', 'policies');
}
