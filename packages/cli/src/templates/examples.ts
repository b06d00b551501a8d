/**
 * A template's examples: `templates/<name>/examples/*.yaml`, each what a person fills in the form
 * (`values`) and what the scaffolder's dry run must then do (`expect`). See
 * docs/template-authors.md for the format.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

export interface Example {
  /** The example's file, relative to where runway was run. */
  file: string;
  description: string;
  values: Record<string, unknown>;
  expect: Expectations;
}

export interface Expectations {
  /** The template must refuse: at `step` (a step id, or `parameters` for the form's schema), with a message containing `message`. */
  refused?: { step: string; message: string };
  /** Files the run must leave, each with the texts it must contain (none: it must exist). */
  files: Record<string, string[]>;
  /** The template's output links, by title, each with a text its URL must contain. */
  links: Record<string, string>;
  /** Runway's policies on every file the run leaves (HCL, manifests, catalogue entities): none violated. Default true. */
  policies: boolean;
}

/** An example file that does not say what it should: names the file and the field. */
export class ExampleError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ExampleError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const KNOWN = ['refused', 'files', 'links', 'policies'];

/** Reads and checks one example file. */
export async function readExample(
  absolute: string,
  cwd: string,
): Promise<Example> {
  const file = path.relative(cwd, absolute) || absolute;
  let doc: unknown;
  try {
    doc = parse(await fs.readFile(absolute, 'utf8'));
  } catch (error) {
    throw new ExampleError(file, `not YAML: ${(error as Error).message}`);
  }
  if (!isRecord(doc)) {
    throw new ExampleError(file, 'must be a mapping with values and expect');
  }
  const { description, values, expect } = doc;
  if (typeof description !== 'string' || !description.trim()) {
    throw new ExampleError(
      file,
      'description must say what the example tries, in a sentence',
    );
  }
  if (!isRecord(values)) {
    throw new ExampleError(
      file,
      "values must be a mapping of the template's parameters, as the form would send them",
    );
  }
  if (!isRecord(expect)) {
    throw new ExampleError(
      file,
      'expect must be a mapping: refused, or files, links and policies',
    );
  }
  const unknown = Object.keys(expect).filter(k => !KNOWN.includes(k));
  if (unknown.length) {
    throw new ExampleError(
      file,
      `expect.${unknown[0]} is not an expectation; use ${KNOWN.join(', ')}`,
    );
  }
  return {
    file,
    description,
    values,
    expect: {
      refused: refusedOf(expect.refused, file),
      files: filesOf(expect.files, file),
      links: linksOf(expect.links, file),
      policies: policiesOf(expect.policies, file),
    },
  };
}

function refusedOf(value: unknown, file: string) {
  if (value === undefined) return undefined;
  if (
    !isRecord(value) ||
    typeof value.step !== 'string' ||
    typeof value.message !== 'string' ||
    !value.message
  ) {
    throw new ExampleError(
      file,
      'expect.refused needs step (a step id, or parameters) and message (text the refusal contains)',
    );
  }
  return { step: value.step, message: value.message };
}

function filesOf(value: unknown, file: string): Record<string, string[]> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    throw new ExampleError(
      file,
      'expect.files must map each path to the texts it contains (a list, possibly empty)',
    );
  }
  const files: Record<string, string[]> = {};
  for (const [name, texts] of Object.entries(value)) {
    const list = texts === null ? [] : texts;
    if (
      !Array.isArray(list) ||
      !list.every(t => typeof t === 'string' && t !== '')
    ) {
      throw new ExampleError(
        file,
        `expect.files.${name} must be a list of texts the file contains`,
      );
    }
    files[name] = list;
  }
  return files;
}

function linksOf(value: unknown, file: string): Record<string, string> {
  if (value === undefined) return {};
  if (
    !isRecord(value) ||
    !Object.values(value).every(v => typeof v === 'string')
  ) {
    throw new ExampleError(
      file,
      "expect.links must map each output link's title to a text its URL contains",
    );
  }
  return value as Record<string, string>;
}

function policiesOf(value: unknown, file: string): boolean {
  if (value === undefined) return true;
  if (value === 'pass' || value === true) return true;
  if (value === 'skip' || value === false) return false;
  throw new ExampleError(file, 'expect.policies is pass (default) or skip');
}

/** The examples of the template in `templateDir`, by file name; none is an error. */
export async function readExamples(
  templateDir: string,
  cwd: string,
): Promise<Example[]> {
  const dir = path.join(templateDir, 'examples');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const files = names.filter(n => /\.ya?ml$/.test(n)).sort();
  if (files.length === 0) {
    throw new ExampleError(
      path.relative(cwd, dir) || dir,
      'no examples (*.yaml); a template is tested by at least one',
    );
  }
  return Promise.all(files.map(n => readExample(path.join(dir, n), cwd)));
}
