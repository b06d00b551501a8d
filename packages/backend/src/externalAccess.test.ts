/**
 * The production external access token (CI's `runway-ci`), read from app-config.production.yaml
 * through Backstage's own auth service: it reaches the catalogue for reading and no other plugin.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  AuthService,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { parse } from 'yaml';

const TOKEN = 'ci-token-for-this-test-0123456789';

function externalAccessOfProduction() {
  const file = path.resolve(__dirname, '../../../app-config.production.yaml');
  const config = parse(fs.readFileSync(file, 'utf8'));
  return JSON.parse(
    JSON.stringify(config.backend.auth.externalAccess).replace(
      '${RUNWAY_EXTERNAL_ACCESS_TOKEN}',
      TOKEN,
    ),
  );
}

/** A plugin that only hands out its own auth service. */
function pluginWithAuth(pluginId: string, found: Map<string, AuthService>) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { auth: coreServices.auth },
        async init({ auth }) {
          found.set(pluginId, auth);
        },
      });
    },
  });
}

it('lets the CI token read the catalogue and nothing else', async () => {
  const auths = new Map<string, AuthService>();
  const backend = await startTestBackend({
    features: [
      authServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            auth: { externalAccess: externalAccessOfProduction() },
          },
        },
      }),
      ...['catalog', 'scaffolder', 'environments', 'kubernetes'].map(id =>
        pluginWithAuth(id, auths),
      ),
    ],
  });
  try {
    const credentials = await auths.get('catalog')!.authenticate(TOKEN);
    expect(credentials.principal).toMatchObject({
      type: 'service',
      subject: 'runway-ci',
      accessRestrictions: { permissionAttributes: { action: ['read'] } },
    });
    for (const other of ['scaffolder', 'environments', 'kubernetes']) {
      await expect(auths.get(other)!.authenticate(TOKEN)).rejects.toThrow(
        "This token's access is restricted to plugin(s) 'catalog'",
      );
    }
  } finally {
    await backend.stop();
  }
});
