/**
 * Runway's permission policy. Roles come from the catalogue (the user's ownership claims):
 * - the platform team (`runway.permissions.platformGroup`) may do everything;
 * - every signed-in user may read, register components and run the golden paths;
 * - what belongs to someone is changed only by its owners: entities (unregister), scaffolder
 *   runs (read, cancel) and environments (create, extend, destroy) answer with a conditional
 *   decision the owning plugin evaluates with its own rules (a sandbox is its engineer's, and
 *   only their onboarding run or the platform team makes one); a new service is made only for a
 *   team the person belongs to (the scaffolder checks the owner given to `runway:service:prepare`);
 * - entities labelled `runway.dev/platform-only` (the onboarding template) and onboarding runs are
 *   the platform team's, except a hire's own new-hire page: its run's person is the signed-in user
 *   (by their User entity's e-mail, or their GitHub login), who may read it and tick its tasks;
 * - Kubernetes reads through an entity are everyone's: Runway's kubernetes-backend module
 *   (@runway/plugin-kubernetes-backend-module-runway) fetches only workload kinds, by the entity's
 *   own kubernetes-id, with env values hidden;
 * - what reaches beyond Runway is the platform team's alone: the Kubernetes proxy (it speaks with
 *   the cluster's service account, whatever the verb), template dry-runs (they read any repository
 *   with Runway's credentials), deleting locations and managing ingestion.
 * Service principals never reach a policy: Backstage decides them by their `accessRestrictions`.
 */
import { AuthService, UserInfoService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogIngestionManagePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  createScaffolderTemplateConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
  scaffolderTemplateConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  catalogDriftCheckPermission,
  catalogDriftReadPermission,
} from '@runway/plugin-catalog-drift-common';
import {
  FOLLOWUP_RESOURCE_TYPE,
  createFollowupConditionalDecision,
  followupConditions,
} from '@runway/plugin-delivery-common';
import {
  ENVIRONMENT_RESOURCE_TYPE,
  SANDBOX_TYPE,
  environmentCreatePermission,
} from '@runway/plugin-environments-common';
import {
  GITHUB_LOGIN_ANNOTATION,
  ONBOARDING_RUN_RESOURCE_TYPE,
  RunPersonParams,
  createOnboardingRunConditionalDecision,
  onboardingRunConditions,
  onboardingRunReadPermission,
  standupRotationUpdatePermission,
} from '@runway/plugin-onboarding-common';
import {
  createEnvironmentConditionalDecision,
  environmentConditions,
} from '@runway/plugin-environments-node';

/** Template steps and parameters tagged with this (`backstage:permissions: { tags: [platform] }`) are the platform team's. */
export const PLATFORM_ONLY_TAG = 'platform';

/**
 * Entities with this label (e.g. the onboarding template: access grants, personal data) are
 * the platform team's; nobody else sees them in the catalogue or can run them.
 */
export const PLATFORM_ONLY_LABEL = 'runway.dev/platform-only';

/** The new-service golden path's first step; its `owner` input is the team the service is for. */
export const SERVICE_PREPARE_ACTION = 'runway:service:prepare';

/** Permissions only the platform team holds, with why (shown in docs/security.md and in tests). */
export const PLATFORM_ONLY_PERMISSIONS: Record<string, string> = {
  [kubernetesProxyPermission.name]:
    'the proxy speaks to the cluster with its service account, whatever the verb',
  [templateDryRunPermission.name]:
    'a dry run executes an ad-hoc template with Runway’s credentials (it can read any repository)',
  [templateManagementPermission.name]:
    'the template editor runs ad-hoc templates, like a dry run',
  [catalogLocationDeletePermission.name]:
    'deleting a location unregisters every entity it holds, whoever owns them',
  [catalogIngestionManagePermission.name]:
    'pausing or resetting the catalogue’s ingestion',
  [onboardingRunReadPermission.name]:
    'who is joining or leaving, with their e-mail and first day: personal data',
  [standupRotationUpdatePermission.name]:
    'changing a team’s standup rotation by hand (onboarding and offboarding change it themselves)',
  [catalogDriftReadPermission.name]:
    'the catalogue’s drift names every team’s missing and private repositories',
  [catalogDriftCheckPermission.name]:
    'a drift check asks GitHub about every Component with Runway’s credentials',
};

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

export class RunwayPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      platformGroup: string;
      userInfo: UserInfoService;
      /** Where a person's User entity (their e-mail) is read; without it, only the login matches. */
      users?: { catalog: CatalogService; auth: AuthService };
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Only users reach a policy (services are decided by their access restrictions); a request
    // with no user is refused rather than guessed at.
    if (!user) return DENY;
    const { permission } = request;
    const { userEntityRef, ownershipEntityRefs } =
      await this.options.userInfo.getUserInfo(user.credentials);
    const claims = ownershipEntityRefs.map(ref =>
      ref.toLocaleLowerCase('en-US'),
    );
    if (claims.includes(this.options.platformGroup)) return ALLOW;

    if (PLATFORM_ONLY_PERMISSIONS[permission.name]) return DENY;

    if (isPermission(permission, catalogEntityReadPermission)) {
      return createCatalogConditionalDecision(permission, {
        not: catalogConditions.hasLabel({ label: PLATFORM_ONLY_LABEL }),
      });
    }
    if (isPermission(permission, catalogEntityDeletePermission)) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (
      isPermission(permission, taskReadPermission) ||
      isPermission(permission, taskCancelPermission)
    ) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
      );
    }
    if (
      isPermission(permission, templateParameterReadPermission) ||
      isPermission(permission, templateStepReadPermission)
    ) {
      return createScaffolderTemplateConditionalDecision(permission, {
        not: scaffolderTemplateConditions.hasTag({ tag: PLATFORM_ONLY_TAG }),
      });
    }
    if (isPermission(permission, actionExecutePermission)) {
      // Every action is allowed, except that a new service's owner must be one of the
      // person's teams, however the form wrote it (`group:default/payments` or `payments`).
      const teams = claims.filter(ref => ref.startsWith('group:'));
      return createScaffolderActionConditionalDecision(permission, {
        anyOf: [
          {
            not: scaffolderActionConditions.hasActionId({
              actionId: SERVICE_PREPARE_ACTION,
            }),
          },
          ...teams.flatMap(ref =>
            ownerSpellings(ref).map(value =>
              scaffolderActionConditions.hasStringProperty({
                key: 'owner',
                value,
              }),
            ),
          ),
        ],
      });
    }
    if (isResourcePermission(permission, ENVIRONMENT_RESOURCE_TYPE)) {
      const owner = environmentConditions.isEnvironmentOwner({ claims });
      // An engineer's sandbox is made by their onboarding run (or the platform team), never
      // asked for by a person: a team member may not make one for anyone, themselves included.
      return createEnvironmentConditionalDecision(
        permission,
        isPermission(permission, environmentCreatePermission)
          ? {
              allOf: [
                owner,
                {
                  not: environmentConditions.isEnvironmentType({
                    types: [SANDBOX_TYPE],
                  }),
                },
              ],
            }
          : owner,
      );
    }
    if (isResourcePermission(permission, ONBOARDING_RUN_RESOURCE_TYPE)) {
      // A hire's own new-hire page: the run's person is the signed-in user.
      return createOnboardingRunConditionalDecision(
        permission,
        onboardingRunConditions.isRunPerson(await this.whoIs(userEntityRef)),
      );
    }
    if (isResourcePermission(permission, FOLLOWUP_RESOURCE_TYPE)) {
      // A provisioning follow-up names the service's team and its requester: theirs to read.
      return createFollowupConditionalDecision(
        permission,
        followupConditions.isFollowupStakeholder({ claims }),
      );
    }
    return ALLOW;
  }

  /**
   * The e-mail and GitHub logins of the signed-in person: their User entity's `spec.profile.email`
   * and `github.com/user-login`, and the entity's name in the default namespace (the GitHub org
   * sync and onboarding name people by their login). Read with the plugin's own credentials.
   */
  private async whoIs(userEntityRef: string): Promise<RunPersonParams> {
    const [, namespace, name] =
      /^user:([^/]+)\/(.+)$/i.exec(userEntityRef) ?? [];
    const logins =
      namespace?.toLocaleLowerCase('en-US') === 'default' && name ? [name] : [];
    const emails: string[] = [];
    const users = this.options.users;
    if (users) {
      // An unreachable catalogue leaves the login alone to decide: never more than that.
      const entity = await users.catalog
        .getEntityByRef(userEntityRef, {
          credentials: await users.auth.getOwnServiceCredentials(),
        })
        .catch(() => undefined);
      const email = (
        entity?.spec as { profile?: { email?: unknown } } | undefined
      )?.profile?.email;
      if (typeof email === 'string') emails.push(email);
      const login = entity?.metadata.annotations?.[GITHUB_LOGIN_ANNOTATION];
      if (login) logins.push(login);
    }
    return { emails, logins };
  }
}

/** How a form may name a team: its full reference, and its bare name in the default namespace. */
function ownerSpellings(groupRef: string): string[] {
  const prefix = 'group:default/';
  return groupRef.startsWith(prefix)
    ? [groupRef, groupRef.slice(prefix.length)]
    : [groupRef];
}
