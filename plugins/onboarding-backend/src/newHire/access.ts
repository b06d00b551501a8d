/**
 * Who may read a hire's page and tick its tasks is Runway's permission policy's to decide; this
 * file only asks it. The onboarding run is a permission resource (ref: its id) with one rule,
 * `IS_RUN_PERSON` (the run's person has one of the given e-mails or GitHub logins), registered
 * here and applied to a conditional decision such as Runway's "the hire themselves".
 */
import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  IS_RUN_PERSON_RULE,
  ONBOARDING_RUN_RESOURCE_TYPE,
  RunPersonParams,
  firstDayTaskUpdatePermission,
  isRunPerson,
  newHirePageReadPermission,
} from '@runway/plugin-onboarding-common';
import { z } from 'zod';
import { OnboardingRun } from '../database/OnboardingStore';

/** What a rule sees of a run: whose it is. */
export interface OnboardingRunResource {
  id: string;
  email?: string;
  githubLogin?: string;
  /** The login was granted by a reviewed, merged access pull request (the milestone). */
  loginVerified: boolean;
}

export const onboardingRunPermissionResourceRef = createPermissionResourceRef<
  OnboardingRunResource,
  RunPersonParams
>().with({
  pluginId: 'onboarding',
  resourceType: ONBOARDING_RUN_RESOURCE_TYPE,
});

const isRunPersonRule = createPermissionRule({
  name: IS_RUN_PERSON_RULE,
  description:
    'Allow onboarding runs whose person has one of the given e-mails or GitHub logins (usually the signed-in user’s)',
  resourceRef: onboardingRunPermissionResourceRef,
  paramsSchema: z.object({
    emails: z.array(z.string()).describe('The user’s e-mail addresses'),
    logins: z.array(z.string()).describe('The user’s GitHub logins'),
  }),
  apply: (resource, params) => isRunPerson(resource, params),
  toQuery: params => params,
});

export const onboardingRunPermissionRules = { isRunPerson: isRunPersonRule };

/** Reads whether the run's access pull request merged (its login is then verified). */
export type AccessGranted = (runId: string) => Promise<boolean>;

export const resourceOf = async (
  run: OnboardingRun,
  accessGranted: AccessGranted,
): Promise<OnboardingRunResource> => ({
  id: run.id,
  email: run.person?.email,
  githubLogin: run.person?.githubLogin,
  loginVerified: await accessGranted(run.id),
});

/** Registers the run as a resource, so the permission backend can also decide on one by its id. */
export function registerOnboardingRunResource(
  registry: PermissionsRegistryService,
  getRun: (id: string) => Promise<OnboardingRun | undefined>,
  accessGranted: AccessGranted,
) {
  registry.addResourceType({
    resourceRef: onboardingRunPermissionResourceRef,
    permissions: [newHirePageReadPermission, firstDayTaskUpdatePermission],
    rules: Object.values(onboardingRunPermissionRules),
    getResources: refs =>
      Promise.all(
        refs.map(async id => {
          const run = await getRun(id);
          return run && resourceOf(run, accessGranted);
        }),
      ),
  });
}

export class HireAccess {
  private readonly isAllowedOn: ReturnType<
    typeof createConditionAuthorizer<OnboardingRunResource, RunPersonParams>
  >;

  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      permissionsRegistry: PermissionsRegistryService;
      accessGranted: AccessGranted;
    },
  ) {
    this.isAllowedOn = createConditionAuthorizer(
      deps.permissionsRegistry.getPermissionRuleset(
        onboardingRunPermissionResourceRef,
      ),
    );
  }

  /**
   * Of `runs`, the first that is the caller's own, as the policy's conditional decision ("the
   * run's person is you") says. None for a caller the policy allows every run (the platform
   * team): that decision names nobody, so it cannot tell which run is theirs.
   */
  async ownRun(
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
    permission: ResourcePermission<typeof ONBOARDING_RUN_RESOURCE_TYPE>,
    runs: OnboardingRun[],
  ): Promise<OnboardingRun | undefined> {
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL) return undefined;
    for (const run of runs) {
      if (
        this.isAllowedOn(
          decision,
          await resourceOf(run, this.deps.accessGranted),
        )
      ) {
        return run;
      }
    }
    return undefined;
  }

  /**
   * The run, when the policy allows `permission` on it; throws otherwise. Only a caller allowed
   * every run learns that a hire has none (404): to anyone else, "not yours" and "nobody's" read
   * the same (403), so the page does not tell who is being hired.
   */
  async authorize(
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
    permission: ResourcePermission<typeof ONBOARDING_RUN_RESOURCE_TYPE>,
    idpUserId: string,
    run: OnboardingRun | undefined,
    doing: string,
  ): Promise<OnboardingRun> {
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      if (!run) {
        throw new NotFoundError(
          `Nobody with identity-provider id ${idpUserId} is being onboarded; check the id in the identity provider (the page's address ends with it).`,
        );
      }
      return run;
    }
    if (
      run &&
      this.isAllowedOn(decision, await resourceOf(run, this.deps.accessGranted))
    ) {
      return run;
    }
    throw new NotAllowedError(
      `${credentials.principal.userEntityRef} may not ${doing} the new-hire page of ${idpUserId}: it is its hire's (signed in with their own account) and the platform team's (${permission.name}).`,
    );
  }
}
