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
      const ctx = {
        ...createMockActionContext({ input: fillTemplate(step.input) }),
        isDryRun: true,
      };
      await action.handler(ctx);
      const out = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(out.prUrl).toBe('https://github.com/acme/platform-config/pull/0');
      expect(out.branch).toMatch(/^runway\/[a-z0-9-]+$/);
      const files = Object.entries(out.files as Record<string, string>);
      expect(files.length).toBeGreaterThan(0);
      const dir = `${fillTemplate(step.input.targetPath)}/`;
      expect(files.filter(([path]) => !path.startsWith(dir))).toEqual([]);
      for (const [path, text] of files.filter(([p]) => p.endsWith('.tf')))
        await expect(parse(path, text)).resolves.toBeDefined();
    },
  );
});
