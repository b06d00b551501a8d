/**
 * Terraform HCL: every .tf file of one directory is one set (a Terraform module), so a bucket in
 * main.tf and its public-access block in s3.tf are related. Resources come from `resource` and
 * `data` blocks; a resource references another when one of its expressions names the other's
 * address (`${aws_s3_bucket.logs.id}`).
 */
import { parseHcl } from './hcl';
import type { PolicyInput } from '../types';
import { HclStatic } from './hclStatic';
import { emptyParsed, isPlainObject, type Parsed } from './parsed';
import { linkSet, type TerraformResource } from './terraformSet';
import { terraformObject } from './terraformShape';

interface RawResource {
  mode: 'resource' | 'data';
  type: string;
  name: string;
  file: string;
  line?: number;
  body: unknown;
}

export async function parseTerraformDir(
  inputs: PolicyInput[],
): Promise<Parsed> {
  const out = emptyParsed();
  const raws: RawResource[] = [];
  const locals: Record<string, unknown> = {};
  for (const input of inputs) {
    let parsed: Record<string, unknown>;
    try {
      parsed = await parseHcl(input.path, input.content);
    } catch (error) {
      out.files.push({ file: input.path, kind: 'terraform', resources: 0 });
      out.problems.push(hclProblem(input.path, error));
      continue;
    }
    const found = resourcesOf(input, parsed);
    raws.push(...found);
    for (const block of asBlocks(parsed.locals)) Object.assign(locals, block);
    out.files.push({
      file: input.path,
      kind: 'terraform',
      resources: found.length,
    });
  }
  const statics = new HclStatic(locals);
  const addressOf = (r: RawResource) =>
    `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
  const known = new Set(raws.map(addressOf));
  const resources: TerraformResource[] = await Promise.all(
    raws.map(async raw => {
      const typeKey = `${raw.mode === 'data' ? 'data.' : ''}${raw.type}`;
      const resolved = await statics.resolve(raw.body);
      return {
        configAddress: addressOf(raw),
        address: addressOf(raw),
        typeKey,
        mode: raw.mode,
        type: raw.type,
        name: raw.name,
        file: raw.file,
        line: raw.line,
        object: terraformObject(typeKey, resolved),
        references: referencesIn(raw.body, known),
      };
    }),
  );
  out.subjects.push(...linkSet(resources));
  return out;
}

function resourcesOf(
  input: PolicyInput,
  parsed: Record<string, unknown>,
): RawResource[] {
  const out: RawResource[] = [];
  for (const mode of ['resource', 'data'] as const) {
    const byType = parsed[mode];
    if (!isPlainObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isPlainObject(byName)) continue;
      for (const [name, blocks] of Object.entries(byName)) {
        for (const body of asBlocks(blocks))
          out.push({
            mode,
            type,
            name,
            file: input.path,
            line: lineOf(input.content, mode, type, name),
            body,
          });
      }
    }
  }
  return out;
}

function asBlocks(v: unknown): Record<string, unknown>[] {
  return (Array.isArray(v) ? v : [v]).filter(isPlainObject);
}

function lineOf(
  content: string,
  mode: string,
  type: string,
  name: string,
): number | undefined {
  const pattern = new RegExp(
    `^\\s*${mode}\\s+"${escape(type)}"\\s+"${escape(name)}"`,
    'm',
  );
  const m = pattern.exec(content);
  return m
    ? content.slice(0, m.index + m[0].length).split('\n').length
    : undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const REFERENCE = /(?<![\w.-])(data\.)?([A-Za-z][\w-]*)\.([A-Za-z_][\w-]*)/g;

/** The known addresses an HCL body's expressions name. */
function referencesIn(body: unknown, known: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!v.includes('${')) return;
      for (const m of v.matchAll(REFERENCE)) {
        const address = `${m[1] ?? ''}${m[2]}.${m[3]}`;
        if (known.has(address)) found.add(address);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isPlainObject(v)) Object.values(v).forEach(visit);
  };
  visit(body);
  return [...found];
}

function hclProblem(file: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  // hcl2json: "parse config: [main.tf:42,47-53: Summary; Detail]"
  const m = /:(\d+),(\d+)(?:-\d+)?: ([^\]]*)/.exec(message);
  return {
    file,
    line: m ? Number(m[1]) : undefined,
    message: `the HCL cannot be parsed: ${m ? m[3] : message}`,
  };
}
