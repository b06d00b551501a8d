/**
 * `yarn devstack` runs as CommonJS, but kubernetes-models and @kubernetes-models/* publish ESM
 * entry points only (the "import" condition): resolve those with "import", and Node 22 requires
 * the ES modules it finds, as jestResolver.cjs does for the tests. Imported first by cli.ts.
 */
import nodeModule from 'node:module';

const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/)/;

nodeModule.registerHooks({
  resolve(specifier, context, nextResolve) {
    return nextResolve(
      specifier,
      ESM_ONLY.test(specifier)
        ? { ...context, conditions: ['import', 'node', 'default'] }
        : context,
    );
  },
});
