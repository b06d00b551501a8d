/**
 * `runway template test [templates/<name>…]`: each template's examples through Runway's
 * scaffolder dry run, each checked against what it expects (docs/template-authors.md).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { UsageError, parseCommandArgs } from '../args';
import { ExitCode, type ExitCodeValue, type Io } from '../io';
import { loadPolicySet } from '../policies';
import { DEFAULT_RUNWAY_URL, runwayUrl } from '../runwayRequest';
import { DryRunClient, readTemplate } from '../templates/dryRun';
import { ExampleError, readExamples } from '../templates/examples';
import { differences } from '../templates/expectations';

export const TEMPLATE_TEST_USAGE = `Usage: runway template test [templates/<name>…] [options]

Runs each template's examples (templates/<name>/examples/*.yaml: the values a person fills in
and what must follow) through Runway's scaffolder dry run, and checks each: the files it leaves
and what they contain, the output links, Runway's policies on every file (HCL and YAML parse,
manifests and Terraform pass, catalog-info.yaml valid), or the step that must refuse and why.
Without a path, every template under ./templates.

Options:
  --url <url>        The Runway to dry-run on (default: $RUNWAY_URL, else http://localhost:7007)
  --token <token>    A token it accepts for dry runs (default: $RUNWAY_TOKEN): a service token
                     allowed to dry-run templates, or a platform team member's
  --policies <dir>   Folder of policy files (default: Runway's policies/)
  -h, --help         Show this help

Exit codes: 0 every example passed, 1 an example failed, 2 usage or load error.
`;

/** The template folders to test: the paths given, or every folder with a template.yaml under ./templates. */
async function templateDirs(positionals: string[], cwd: string) {
  if (positionals.length) {
    const dirs = positionals.map(p => path.resolve(cwd, p));
    for (const dir of dirs) {
      const ok = await fs
        .stat(path.join(dir, 'template.yaml'))
        .then(() => true)
        .catch(() => false);
      if (!ok) {
        throw new UsageError(
          `${
            path.relative(cwd, dir) || dir
          } has no template.yaml; give a template's folder, e.g. templates/new-service.`,
        );
      }
    }
    return dirs;
  }
  const root = path.join(cwd, 'templates');
  const names = await fs.readdir(root).catch(() => {
    throw new UsageError(
      `No templates/ folder in ${cwd}; run it at the repository's root or give template folders.`,
    );
  });
  const dirs: string[] = [];
  for (const name of names.sort()) {
    const dir = path.join(root, name);
    if (
      await fs
        .stat(path.join(dir, 'template.yaml'))
        .then(() => true)
        .catch(() => false)
    ) {
      dirs.push(dir);
    }
  }
  if (!dirs.length) throw new UsageError(`No template.yaml under ${root}.`);
  return dirs;
}

export async function templateTest(
  argv: string[],
  io: Io,
): Promise<ExitCodeValue> {
  const { values, positionals } = parseCommandArgs(argv, {
    url: { type: 'string' },
    token: { type: 'string' },
    policies: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(TEMPLATE_TEST_USAGE);
    return ExitCode.Clean;
  }
  const env = io.env ?? process.env;
  const url = runwayUrl(
    (values.url as string | undefined) ?? env.RUNWAY_URL ?? DEFAULT_RUNWAY_URL,
  );
  const token = (values.token as string | undefined) ?? env.RUNWAY_TOKEN;
  if (!token) {
    throw new UsageError(
      'template test needs a token Runway accepts for dry runs: --token or RUNWAY_TOKEN (a service token allowed to dry-run templates, or a platform team member’s).',
    );
  }
  const policySet = await loadPolicySet(
    values.policies as string | undefined,
    io,
  );
  const client = new DryRunClient(url, token);

  let failed = 0;
  let passed = 0;
  for (const dir of await templateDirs(positionals, io.cwd)) {
    const name = path.relative(io.cwd, dir) || dir;
    let examples;
    try {
      examples = await readExamples(dir, io.cwd);
    } catch (error) {
      if (!(error instanceof ExampleError)) throw error;
      io.stdout.write(`✗ ${name}: ${error.message}\n`);
      failed++;
      continue;
    }
    const template = await readTemplate(dir, parse);
    for (const example of examples) {
      const run = await client.run(template, example.values);
      const found = await differences(example.expect, run, policySet);
      if (found.length) {
        failed++;
        io.stdout.write(
          `✗ ${example.file} — ${example.description}\n${found
            .map(d => `  - ${d}`)
            .join('\n')}\n`,
        );
      } else {
        passed++;
        io.stdout.write(`✓ ${example.file} — ${example.description}\n`);
      }
    }
  }
  io.stdout.write(
    `\n${passed} example${passed === 1 ? '' : 's'} passed, ${failed} failed.\n`,
  );
  return failed ? ExitCode.Violations : ExitCode.Clean;
}
