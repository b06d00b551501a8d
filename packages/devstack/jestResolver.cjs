/**
 * Jest resolver for the whole repo (root package.json "jest.resolver"). kubernetes-models and its
 * @kubernetes-models/* parts publish ESM entry points only (the "import" condition), which Jest's
 * require-style resolution cannot see; those are resolved with "import" (Backstage's transform
 * compiles them like any ESM dependency). Everything else resolves as usual.
 */
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/)/;

module.exports = (request, options) =>
  options.defaultResolver(
    request,
    ESM_ONLY.test(request)
      ? { ...options, conditions: ['import', 'default'] }
      : options,
  );
