/**
 * HashiCorp's own HCL parser (hcl2json: Go compiled to WebAssembly). Required at first use, not
 * with this package: loading it costs about 37 MB and 150 ms, which a backend would otherwise
 * pay at every start for a gate that runs only when a template does. (`require`, not `import()`:
 * the package is built to CommonJS, and Jest runs CommonJS without dynamic-import support.)
 */
export async function parseHcl(
  file: string,
  content: string,
): Promise<Record<string, unknown>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hcl2json: typeof import('@cdktf/hcl2json') = require('@cdktf/hcl2json');
  return hcl2json.parse(file, content);
}
