/**
 * Sorts inputs into Kubernetes manifests, catalog entities, Terraform (HCL by directory, plans by
 * file) and skipped files, and turns them into the subjects policies evaluate.
 */
import path from 'node:path';
import type { CheckedFile, PolicyInput, Subject } from '../types';
import { parseJsonManifest, parseManifestFile } from './manifests';
import type { InputProblem, Parsed, PartialSubject } from './parsed';
import { parseTerraformDir } from './terraformHcl';
import { isTerraformPlan, parseTerraformPlan } from './terraformPlan';

export interface ParsedInputs {
  subjects: Subject[];
  files: CheckedFile[];
  problems: InputProblem[];
}

export async function parseInputs(
  inputs: PolicyInput[],
): Promise<ParsedInputs> {
  const parts: Parsed[] = [];
  const terraformDirs = new Map<string, PolicyInput[]>();
  for (const input of inputs) {
    const lower = input.path.toLowerCase();
    if (lower.endsWith('.tf')) {
      const dir = path.posix.dirname(input.path.split(path.sep).join('/'));
      terraformDirs.set(dir, [...(terraformDirs.get(dir) ?? []), input]);
    } else if (/\.ya?ml$/.test(lower)) {
      parts.push(parseManifestFile(input.path, input.content));
    } else if (lower.endsWith('.json')) {
      parts.push(parseJson(input));
    } else parts.push(skipped(input));
  }
  for (const dirInputs of terraformDirs.values())
    parts.push(await parseTerraformDir(dirInputs));

  const partial = parts.flatMap(p => p.subjects);
  const families = {
    kubernetes: partial
      .filter(s => s.family === 'kubernetes')
      .map(s => s.object),
    catalog: partial.filter(s => s.family === 'catalog').map(s => s.object),
  };
  const subjects = partial.map(
    (s: PartialSubject): Subject => ({
      ...s,
      objects:
        s.objects ?? (s.family === 'terraform' ? {} : families[s.family]),
    }),
  );
  const order = new Map(inputs.map((input, i) => [input.path, i]));
  const files = parts
    .flatMap(p => p.files)
    .sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return { subjects, files, problems: parts.flatMap(p => p.problems) };
}

function parseJson(input: PolicyInput): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(input.content);
  } catch (error) {
    // Only a file that means to be a plan or a manifest is an error; other JSON is skipped.
    if (!/"(planned_values|apiVersion)"/.test(input.content))
      return skipped(input);
    const kind = input.content.includes('"planned_values"')
      ? 'terraform-plan'
      : 'kubernetes';
    return {
      files: [{ file: input.path, kind, resources: 0 }],
      subjects: [],
      problems: [
        {
          file: input.path,
          message: `the JSON cannot be parsed: ${(error as Error).message}`,
        },
      ],
    };
  }
  if (isTerraformPlan(value))
    return parseTerraformPlan(input.path, input.content, value);
  return parseJsonManifest(input.path, value);
}

function skipped(input: PolicyInput): Parsed {
  return {
    files: [{ file: input.path, kind: 'skipped', resources: 0 }],
    subjects: [],
    problems: [],
  };
}
