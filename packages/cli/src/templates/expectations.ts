/**
 * What an example expects of its dry run, against what the run did: each difference said in a
 * sentence that names the step, the file or the link, and what was there instead.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readInputs, type PolicySet } from '@runway/policy-engine';
import { CATALOG_INFO, invalidEntities } from '../catalog/catalogViolations';
import { oneLine } from '../runwayRequest';
import type { DryRunResult, Refusal } from './dryRun';
import type { Expectations } from './examples';

const list = (items: string[]) => (items.length ? items.join(', ') : 'none');

/** The differences between what was expected and what the run did; none when it passed. */
export async function differences(
  expect: Expectations,
  run: { result?: DryRunResult; refusal?: Refusal },
  policySet: PolicySet,
): Promise<string[]> {
  if (expect.refused) {
    const wanted = expect.refused;
    if (!run.refusal) {
      return [
        `expected step ${wanted.step} to refuse with "${wanted.message}", but every step ran`,
      ];
    }
    const found: string[] = [];
    if (run.refusal.step !== wanted.step) {
      found.push(
        `expected step ${wanted.step} to refuse, but step ${run.refusal.step} refused: ${run.refusal.message}`,
      );
    } else if (!run.refusal.message.includes(wanted.message)) {
      found.push(
        `step ${wanted.step} refused, but not with "${wanted.message}": ${run.refusal.message}`,
      );
    }
    return found;
  }
  if (run.refusal) {
    return [`step ${run.refusal.step} refused: ${run.refusal.message}`];
  }
  const result = run.result!;
  return [
    ...fileDifferences(expect.files, result),
    ...linkDifferences(expect.links, result),
    ...(expect.policies ? await policyDifferences(result, policySet) : []),
  ];
}

function fileDifferences(
  files: Record<string, string[]>,
  result: DryRunResult,
): string[] {
  const produced = new Map(result.files.map(f => [f.path, f.content]));
  return Object.entries(files).flatMap(([file, texts]) => {
    const content = produced.get(file);
    if (!content) {
      return [
        `expected file ${file}, which the run did not leave; it left ${oneLine(
          list([...produced.keys()].sort()),
        )}`,
      ];
    }
    const text = content.toString('utf8');
    return texts
      .filter(t => !text.includes(t))
      .map(
        t =>
          `${file} does not contain "${t}"; it begins:\n${text
            .split('\n')
            .slice(0, 12)
            .map(line => `    ${line}`)
            .join('\n')}`,
      );
  });
}

function linkDifferences(
  links: Record<string, string>,
  result: DryRunResult,
): string[] {
  const found = result.output.links ?? [];
  return Object.entries(links).flatMap(([title, text]) => {
    const link = found.find(l => l.title === title);
    if (!link) {
      return [
        `expected an output link "${title}"; the output has ${list(
          found.map(l => `"${l.title}"`),
        )}`,
      ];
    }
    return link.url?.includes(text)
      ? []
      : [`output link "${title}" is ${link.url}, without "${text}"`];
  });
}

/**
 * Runway's policies on every file the run left (HCL and YAML must parse, manifests and Terraform
 * pass the baseline), and every catalog-info.yaml valid as the catalogue would take it.
 */
async function policyDifferences(
  result: DryRunResult,
  policySet: PolicySet,
): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-template-test-'));
  try {
    for (const file of result.files) {
      const target = path.join(dir, file.path);
      // The workspace's paths come from the server: keep them inside the folder.
      if (!target.startsWith(`${dir}${path.sep}`)) {
        return [`the run left a file outside its workspace: ${file.path}`];
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file.content);
    }
    const found: string[] = [];
    const inputs = await readInputs([dir], dir);
    if (inputs.length) {
      const checked = await policySet.check(inputs);
      for (const v of checked.violations) {
        found.push(
          `policy ${v.policyId} (${v.severity}) on ${path.relative(
            dir,
            path.resolve(dir, v.file),
          )} ${v.resource}: ${v.message}`,
        );
      }
    }
    for (const file of result.files.filter(
      f => path.posix.basename(f.path) === CATALOG_INFO,
    )) {
      const { violations } = await invalidEntities(
        file.content.toString('utf8'),
        file.path,
      );
      for (const v of violations) {
        found.push(`${file.path} ${v.resource}: ${v.message}`);
      }
    }
    return found;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
