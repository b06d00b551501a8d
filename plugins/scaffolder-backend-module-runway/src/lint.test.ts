import fs from 'node:fs';
import path from 'node:path';
import type { ESLint as ESLintApi, Linter } from 'eslint';

// The layout rule in this package's .eslintrc.js: a file under
// src/actions/<A>/ never imports anything under src/actions/<B>/, B ≠ A.
// These tests lint snippets through ESLint's Node API with the package's real
// configuration, as `backstage-cli package lint` does.

const RULE_ID = 'import/no-restricted-paths';
const MESSAGE =
  'An action folder never imports another action folder: move shared code into a named library (src/lib/<name> or a -node package) and import it from there.';

const packageDir = path.resolve(__dirname, '..');
const actionsDir = path.join(packageDir, 'src', 'actions');

// Loading ESLint with the Backstage config (parser, plugins) takes a few
// seconds, and much longer on a busy machine.
const TIMEOUT = 120_000;

// The ESLint that `backstage-cli package lint` runs: resolved through
// @backstage/cli, this package's declared dev dependency that provides it.
function loadESLint(): typeof ESLintApi {
  const cliDir = path.dirname(
    require.resolve('@backstage/cli/config/eslint-factory'),
  );
  const eslintEntry = require.resolve('eslint', { paths: [cliDir] });
  return require(eslintEntry).ESLint;
}

let eslint: ESLintApi;

async function lint(
  code: string,
  file = 'src/actions/slack/crossImport.ts',
): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, {
    filePath: path.join(packageDir, file),
  });
  // A parse error would make every "not flagged" case pass vacuously.
  expect(result.messages.filter(m => m.fatal)).toEqual([]);
  return result.messages.filter(m => m.ruleId === RULE_ID);
}

function actionFolders(): string[] {
  return fs
    .readdirSync(actionsDir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort();
}

// A module of the folder that an import from a sibling folder resolves to
// (undefined for a folder with no module yet).
function someModuleOf(folder: string): string | undefined {
  const file = fs
    .readdirSync(path.join(actionsDir, folder))
    .filter(name => /\.tsx?$/.test(name) && !/\.(test|d)\./.test(name))
    .sort()[0];
  return file?.replace(/\.tsx?$/, '');
}

describe('layout rule: an action folder never imports another action folder', () => {
  beforeAll(async () => {
    const ESLint = loadESLint();
    eslint = new ESLint({ cwd: packageDir });
    await lint('export const warmUp = 1;\n');
  }, TIMEOUT);

  it(
    'flags a relative import of another action folder, with what to do',
    async () => {
      const messages = await lint(
        "import { x } from '../terraform/hcl';\n\nexport const y = x;\n",
      );
      expect(messages).toEqual([
        expect.objectContaining({
          ruleId: RULE_ID,
          severity: 2,
          line: 1,
          message: `Unexpected path "../terraform/hcl" imported in restricted zone. ${MESSAGE}`,
        }),
      ]);
    },
    TIMEOUT,
  );

  it(
    'flags a path that climbs out of src/actions and back in, a re-export and a require',
    async () => {
      const viaActions = await lint(
        "import { x } from '../../actions/terraform/hcl';\n\nexport const y = x;\n",
      );
      const reExport = await lint("export * from '../policy/policyCheck';\n");
      const required = await lint(
        "const t = require('../terraform');\n\nexport const y = t;\n",
      );
      for (const messages of [viaActions, reExport, required]) {
        expect(messages).toEqual([
          expect.objectContaining({
            ruleId: RULE_ID,
            message: expect.stringContaining(MESSAGE),
          }),
        ]);
      }
    },
    TIMEOUT,
  );

  it(
    'covers every action folder on disk, both ways',
    async () => {
      const folders = actionFolders();
      expect(folders.length).toBeGreaterThan(1);
      for (const from of folders) {
        for (const to of folders.filter(folder => folder !== from)) {
          const moduleName = someModuleOf(to);
          if (!moduleName) continue;
          const specifier = `../${to}/${moduleName}`;
          const messages = await lint(
            `import * as other from '${specifier}';\n\nexport const y = other;\n`,
            `src/actions/${from}/crossImport.ts`,
          );
          expect({ from, specifier, messages }).toEqual({
            from,
            specifier,
            messages: [expect.objectContaining({ ruleId: RULE_ID })],
          });
        }
      }
    },
    TIMEOUT,
  );

  it(
    'does not flag an import from the same action folder',
    async () => {
      expect(
        await lint(
          "import { x } from './slackMessagePost';\n\nexport const y = x;\n",
        ),
      ).toEqual([]);
      expect(
        await lint(
          "import { x } from '../slack/slackMessagePost';\n\nexport const y = x;\n",
        ),
      ).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'does not flag an action importing a named library or anything outside src/actions',
    async () => {
      expect(
        await lint(
          "import { runPolicyGate } from '../../lib/policyGate';\n\nexport const y = runPolicyGate;\n",
        ),
      ).toEqual([]);
      expect(
        await lint(
          "import { x } from '@runway/github-node';\n\nexport const y = x;\n",
        ),
      ).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'flags the ways round it: the package entry points from an action, an action from a library',
    async () => {
      for (const entry of ['../..', '../../index', '../../module']) {
        expect(
          await lint(`import { x } from '${entry}';\n\nexport const y = x;\n`),
        ).toEqual([
          expect.objectContaining({
            ruleId: RULE_ID,
            message: expect.stringContaining(MESSAGE),
          }),
        ]);
      }
      expect(
        await lint(
          "export { createTerraformPrCreateAction } from '../actions/terraform';\n",
          'src/lib/reexport.ts',
        ),
      ).toEqual([
        expect.objectContaining({
          ruleId: RULE_ID,
          message: expect.stringContaining(
            'A library never imports an action: move what both need into the library instead.',
          ),
        }),
      ]);
    },
    TIMEOUT,
  );

  it(
    'does not flag the package entry points importing actions',
    async () => {
      expect(
        await lint(
          "import { x } from './actions/slack/slackMessagePost';\n\nexport const y = x;\n",
          'src/example.ts',
        ),
      ).toEqual([]);
    },
    TIMEOUT,
  );
});
