/**
 * `environment:sandbox:destroy` — the offboarding step: tears down the engineer's sandbox through
 * the environments API, which removes what was delivered (the same teardown as every environment)
 * and records the lease destroyed. Idempotent: an engineer with no sandbox left has nothing to
 * tear down, so a retry or a second offboarding changes nothing.
 */
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { SANDBOX_TYPE } from '@runway/plugin-environments-common';
import { EnvironmentsApiClient } from '@runway/plugin-environments-node';
import { actingCredentials } from '../../lib/credentials';
import { userRefOf } from './catalogServices';
import { examples } from './sandboxDestroy.examples';

export function createEnvironmentSandboxDestroyAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const api = new EnvironmentsApiClient(options);
  return createTemplateAction({
    id: 'environment:sandbox:destroy',
    description:
      "Tears down an engineer's sandbox through the environments API (the lease ends destroyed, or tearing-down while the lifecycle job finishes it); nothing when they have none.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        owner: z =>
          z.string({
            description:
              'The engineer, a User entity ref such as user:default/ada-lovelace.',
          }),
      },
      output: {
        name: z =>
          z
            .string({
              description: 'The sandbox torn down, when there was one.',
            })
            .optional(),
        state: z =>
          z.string({
            description:
              'destroyed, tearing-down (the lifecycle job finishes it), or none (no sandbox was left).',
          }),
      },
    },
    async handler(ctx) {
      const owner = userRefOf(ctx.input.owner, 'owner');
      const credentials = await actingCredentials(ctx, options.auth);
      // One at most: the API keeps one sandbox per engineer among those not destroyed (a list
      // leaves destroyed ones out; one tearing down is asked again, and answered as it is).
      const [sandbox] = await api.list(
        { type: SANDBOX_TYPE, ownerUser: owner },
        credentials,
      );
      if (!sandbox) {
        ctx.logger.info(`${owner} has no sandbox left to tear down.`);
        ctx.output('state', 'none');
        return;
      }
      ctx.output('name', sandbox.name);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would tear down sandbox ${sandbox.name}.`);
        ctx.output('state', sandbox.state);
        return;
      }
      const { environment, done } = await api.destroy(
        sandbox.name,
        credentials,
      );
      ctx.logger.info(
        done
          ? `Sandbox ${sandbox.name} of ${owner} is torn down.`
          : `Sandbox ${sandbox.name} of ${owner} is ${environment.state}: its teardown goes on in the background, and the lifecycle job retries it until it is done.`,
      );
      ctx.output('state', environment.state);
    },
  });
}
