const fs = require('node:fs');
const path = require('node:path');

// Layout rule: a file under src/actions/<A>/ never imports anything under
// src/actions/<B>/ for B ≠ A. Shared code lives in a named library
// (src/lib/<name> or a -node package). The folder list is read from the
// filesystem every time ESLint loads this config, so a new action folder is
// covered without editing this file.
const actionsDir = path.join(__dirname, 'src', 'actions');
const actionFolders = fs.existsSync(actionsDir)
  ? fs
      .readdirSync(actionsDir, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => entry.name)
      .sort()
  : [];

const crossActionMessage =
  'An action folder never imports another action folder: move shared code into a named library (src/lib/<name> or a -node package) and import it from there.';
const libraryMessage =
  'A library never imports an action: move what both need into the library instead.';

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  settings: {
    // import/no-restricted-paths only checks imports it can resolve; the
    // default resolver knows no TypeScript extensions.
    'import/resolver': {
      node: {
        extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.json'],
      },
    },
  },
  rules: {
    'import/no-restricted-paths': [
      'error',
      {
        basePath: __dirname,
        zones: [
          ...actionFolders.map(folder => ({
            target: `./src/actions/${folder}`,
            from: './src/actions',
            except: [`./${folder}`],
            message: crossActionMessage,
          })),
          // The package's entry points re-export every action: a way round the rule above.
          {
            target: './src/actions',
            from: ['./src/index.ts', './src/module.ts'],
            message: crossActionMessage,
          },
          // A library that re-exported an action would be the same way round.
          {
            target: './src/lib',
            from: './src/actions',
            message: libraryMessage,
          },
        ],
      },
    ],
  },
});
