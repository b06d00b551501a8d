import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { loadedWhen, runwayFeatures } from './features';

/** A plugin that records that it started. */
function probePlugin(started: string[]) {
  return createBackendPlugin({
    pluginId: 'probe',
    register(env) {
      env.registerInit({
        deps: {},
        async init() {
          started.push('probe');
        },
      });
    },
  });
}

describe('loadedWhen', () => {
  const githubOrgConfigured = (config: { has(key: string): boolean }) =>
    config.has('catalog.providers.githubOrg');

  it('adds the feature when the configuration asks for it', async () => {
    const started: string[] = [];
    const load = jest.fn(async () => ({ default: probePlugin(started) }));
    const backend = await startTestBackend({
      features: [
        loadedWhen(githubOrgConfigured, load)(),
        mockServices.rootConfig.factory({
          data: { catalog: { providers: { githubOrg: { id: 'production' } } } },
        }),
      ],
    });
    expect(load).toHaveBeenCalledTimes(1);
    expect(started).toEqual(['probe']);
    await backend.stop();
  });

  it('neither imports nor starts the feature otherwise', async () => {
    const started: string[] = [];
    const load = jest.fn(async () => ({ default: probePlugin(started) }));
    const backend = await startTestBackend({
      features: [
        loadedWhen(githubOrgConfigured, load)(),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(load).not.toHaveBeenCalled();
    expect(started).toEqual([]);
    await backend.stop();
  });
});

describe('runwayFeatures', () => {
  it('names every feature once', () => {
    const ids = runwayFeatures.map(([id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
