/**
 * Runway's scaffolder dry run (`POST /api/scaffolder/v2/dry-run`), as the template editor uses
 * it: the template with its folder's files, run with `isDryRun` (actions that support it check
 * and render without side effects), answering with the workspace's files and the template's
 * output. A refusal comes back as an error that names no step; `DryRunClient.run` finds the step by
 * running the template's first steps only, one more each time.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { oneLine, requestRunway } from '../runwayRequest';

export interface DryRunFile {
  path: string;
  content: Buffer;
}

export interface DryRunResult {
  files: DryRunFile[];
  output: { links?: Array<{ title?: string; url?: string }> } & Record<
    string,
    unknown
  >;
}

export interface Refusal {
  /** A step id, or `parameters` when the template's parameter schema refused the values. */
  step: string;
  message: string;
}

export interface Template {
  /** The entity as template.yaml holds it. */
  entity: {
    apiVersion: string;
    kind: string;
    metadata: Record<string, unknown>;
    spec: {
      steps: Array<{ id?: string; name?: string; action: string }>;
      output?: unknown;
      [key: string]: unknown;
    };
  };
  /** Every file in the template's folder but its examples, as the dry run needs them. */
  directoryContents: Array<{ path: string; base64Content: string }>;
}

/** Reads a template folder: template.yaml and the files its steps fetch (skeletons, terraform). */
export async function readTemplate(
  dir: string,
  parseYaml: (text: string) => unknown,
): Promise<Template> {
  const entity = parseYaml(
    await fs.readFile(path.join(dir, 'template.yaml'), 'utf8'),
  ) as Template['entity'];
  const directoryContents: Template['directoryContents'] = [];
  const walk = async (sub: string) => {
    for (const entry of await fs.readdir(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const relative = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) {
        // Examples say what to expect of the template; they are not part of it.
        if (relative !== 'examples' && entry.name !== 'node_modules')
          await walk(relative);
      } else if (entry.isFile()) {
        directoryContents.push({
          path: relative,
          base64Content: (await fs.readFile(path.join(dir, relative))).toString(
            'base64',
          ),
        });
      }
    }
  };
  await walk('');
  return { entity, directoryContents };
}

/** How long one dry run may take (the new-service template's takes seconds). */
export const DRY_RUN_TIMEOUT_MS = 120_000;

export class DryRunClient {
  /** `baseUrl` as `runwayUrl` checked it: where the token may go. */
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Runs `template` with `values`; a refusal is returned, not thrown, with the step that refused. */
  async run(
    template: Template,
    values: Record<string, unknown>,
  ): Promise<{ result?: DryRunResult; refusal?: Refusal }> {
    const first = await this.post(template, values);
    if (!('refusal' in first)) return { result: first.result };
    if (first.refusal.step === 'parameters') return { refusal: first.refusal };
    if (first.status === 403) {
      // Runway refusing the dry run itself, or a step refusing what it was asked: the same
      // template with no steps tells them apart.
      const empty = await this.post(withSteps(template, 0), values);
      if ('refusal' in empty && empty.status === 403) {
        throw new Error(
          `Runway refused the dry run (403): ${empty.refusal.message} Runway allows dry runs to the platform team (docs/template-authors.md).`,
        );
      }
    }
    return {
      refusal: await this.refusingStep(template, values, first.refusal),
    };
  }

  /** The first step whose run refuses, by running one more step each time. */
  private async refusingStep(
    template: Template,
    values: Record<string, unknown>,
    refusal: Refusal,
  ): Promise<Refusal> {
    const steps = template.entity.spec.steps;
    for (let count = 1; count <= steps.length; count++) {
      const attempt = await this.post(withSteps(template, count), values);
      if ('refusal' in attempt) {
        return {
          step: steps[count - 1].id ?? `step-${count}`,
          message: attempt.refusal.message,
        };
      }
    }
    // Only the whole template refuses (its output, say): no single step to name.
    return { step: 'output', message: refusal.message };
  }

  private async post(
    template: Template,
    values: Record<string, unknown>,
  ): Promise<{ result: DryRunResult } | { refusal: Refusal; status: number }> {
    const res = await requestRunway(
      'POST',
      `${this.baseUrl}/api/scaffolder/v2/dry-run`,
      this.token,
      {
        json: {
          template: template.entity,
          values,
          directoryContents: template.directoryContents,
        },
        // A Runway that stalls does not stall CI.
        timeoutMs: DRY_RUN_TIMEOUT_MS,
        fetchImpl: this.fetchImpl,
      },
    );
    const { body, text } = res;
    if (res.ok && body === undefined) {
      throw new Error(
        `${this.baseUrl} answered the dry run with something other than JSON; is --url Runway's backend?`,
      );
    }
    if (res.ok) {
      return {
        result: {
          files: (body.directoryContents ?? []).map(
            (f: { path: string; base64Content: string }) => ({
              path: f.path,
              content: Buffer.from(f.base64Content, 'base64'),
            }),
          ),
          output: body.output ?? {},
        },
      };
    }
    if (res.status === 400 && Array.isArray(body?.errors)) {
      // The parameter schema refused the values (jsonschema's errors).
      return {
        status: res.status,
        refusal: {
          step: 'parameters',
          message: oneLine(
            body.errors
              .map(
                (e: { stack?: string; message?: string }) =>
                  e.stack ?? e.message,
              )
              .join('; '),
          ),
        },
      };
    }
    if (res.status === 401) {
      throw new Error(
        `Runway did not accept the token (401): ${oneLine(
          body?.error?.message ?? text.slice(0, 300),
        )}`,
      );
    }
    if (body?.error?.message) {
      return {
        status: res.status,
        refusal: { step: '?', message: oneLine(String(body.error.message)) },
      };
    }
    throw new Error(
      `The dry run failed with ${res.status} and no error message: ${oneLine(
        text.slice(0, 300),
      )}`,
    );
  }
}

/** The template with only its first `count` steps, and no output (it reads later steps). */
function withSteps(template: Template, count: number): Template {
  return {
    ...template,
    entity: {
      ...template.entity,
      spec: {
        ...template.entity.spec,
        steps: template.entity.spec.steps.slice(0, count),
        output: {},
      },
    },
  };
}
