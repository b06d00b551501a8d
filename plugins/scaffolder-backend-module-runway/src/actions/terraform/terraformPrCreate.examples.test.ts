import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from '@cdktf/hcl2json';
import yaml from 'yaml';
import { createTerraformPrCreateAction } from './terraformPrCreate';
import { examples } from './terraformPrCreate.examples';

/** What the scaffolder's templating would put in for `${{ parameters.x }}`. */
const parameters: Record<string, string> = {
  name: 'payments-ledger',
  team: 'payments',
};
function fillTemplate(value: unknown): any {
  if (typeof value === 'string')
    return value.replace(
      /\$\{\{\s*parameters\.(\w+)\s*\}\}/g,
      (_m, key: string) => {
        if (!(key in parameters))
          throw new Error(`example uses unknown parameter ${key}`);
        return parameters[key];
      },
    );
  if (Array.isArray(value)) return value.map(fillTemplate);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fillTemplate(v)]),
    );
  return value;
}

describe('terraform:pr:create examples', () => {
  const action = createTerraformPrCreateAction({
    // github.com is configured by default: the examples use it as template authors would.
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    baseUrl: 'http://localhost:3000',
  });

  it.each(examples.map(e => [e.description, e] as const))(
    '%s — runs through the handler (dry run)',
    async (_description, example) => {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const input = fillTemplate(step.input);
      // A folders example reads a workspace folder, as fetch:template would have rendered it.
      const workspacePath = fs.mkdtempSync(
        path.join(os.tmpdir(), 'terraform-example-'),
      );
      for (const folder of input.folders ?? []) {
        const dir = path.join(workspacePath, folder.sourcePath);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'staging.yaml'), 'kind: Application\n');
      }
      const ctx = {
        ...createMockActionContext({ input, workspacePath }),
        isDryRun: true,
      };
      await action.handler(ctx);
      const out = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(out.prUrl).toBe('https://github.com/acme/platform-config/pull/0');
      expect(out.branch).toMatch(/^runway\/[a-z0-9-]+$/);
      const files = Object.entries(out.files as Record<string, string>);
      expect(files.length).toBeGreaterThan(0);
      const dirs = [
        input.targetPath,
        ...(input.folders ?? []).map((f: any) => f.targetPath),
      ].map(d => `${d}/`);
      expect(
        files.filter(([file]) => !dirs.some(dir => file.startsWith(dir))),
      ).toEqual([]);
      for (const [file, text] of files.filter(([p]) => p.endsWith('.tf')))
        await expect(parse(file, text)).resolves.toBeDefined();
      fs.rmSync(workspacePath, { recursive: true, force: true });
    },
  );
});
