/**
 * Runway's policy engine, required when a gate or an HCL check first runs rather than when the
 * backend starts: its CEL and RE2 engines and YAML readers hold tens of megabytes and take a
 * good part of a second to load, for actions that run only when a template does
 * (docs/benchmarks.md, start-up per feature). `require`, not `import()`: this package is built
 * to CommonJS, and Jest runs CommonJS without dynamic-import support.
 */
export function policyEngine(): typeof import('@runway/policy-engine') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@runway/policy-engine');
}
