import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  actionExecutePermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  environmentCreatePermission,
  environmentDeletePermission,
  environmentReadPermission,
} from '@runway/plugin-environments-common';
import {
  catalogDriftCheckPermission,
  catalogDriftReadPermission,
} from '@runway/plugin-catalog-drift-common';
import {
  firstDayTaskUpdatePermission,
  newHirePageReadPermission,
  onboardingRunReadPermission,
} from '@runway/plugin-onboarding-common';
import { followupReadPermission } from '@runway/plugin-delivery-common';
import { RunwayPermissionPolicy } from './RunwayPermissionPolicy';

const MEMBERSHIP: Record<string, string[]> = {
  'user:default/pat': ['group:default/platform'],
  'user:default/jane': ['group:default/payments'],
};

const policy = new RunwayPermissionPolicy({
  platformGroup: 'group:default/platform',
  userInfo: mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(MEMBERSHIP[ref] ?? [])],
      };
    },
  }),
});

const ask = (permission: Permission, user?: string) =>
  policy.handle(
    { permission },
    user
      ? {
          credentials: mockCredentials.user(`user:default/${user}`),
          info: {
            userEntityRef: `user:default/${user}`,
            ownershipEntityRefs: [],
          },
        }
      : undefined,
  );

describe('RunwayPermissionPolicy', () => {
  it('lets the platform team do everything', async () => {
    for (const permission of [
      kubernetesProxyPermission,
      templateDryRunPermission,
      catalogLocationDeletePermission,
      environmentDeletePermission,
      catalogEntityDeletePermission,
    ]) {
      expect(await ask(permission, 'pat')).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('keeps what reaches beyond Runway for the platform team', async () => {
    for (const permission of [
      kubernetesProxyPermission,
      templateDryRunPermission,
      catalogLocationDeletePermission,
    ]) {
      expect(await ask(permission, 'jane')).toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('lets every signed-in user read an entity’s Kubernetes workloads (the read scope limits them)', async () => {
    // The Kubernetes tab lists the clusters first, then reads the entity's workloads.
    for (const permission of [
      kubernetesClustersReadPermission,
      kubernetesResourcesReadPermission,
    ]) {
      expect(await ask(permission, 'jane')).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('gives the catalogue’s drift, and running its check, to the platform team alone', async () => {
    for (const permission of [
      catalogDriftReadPermission,
      catalogDriftCheckPermission,
    ]) {
      expect(await ask(permission, 'jane')).toEqual({
        result: AuthorizeResult.DENY,
      });
      expect(await ask(permission, 'pat')).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets every signed-in user read, register and run templates', async () => {
    for (const permission of [
      catalogLocationCreatePermission,
      taskCreatePermission,
      environmentReadPermission,
    ]) {
      expect(await ask(permission, 'jane')).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('answers owners-only permissions with the owning plugin’s conditions', async () => {
    expect(await ask(environmentDeletePermission, 'jane')).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'environments',
      resourceType: 'environment',
      conditions: {
        rule: 'IS_ENVIRONMENT_OWNER',
        resourceType: 'environment',
        params: {
          claims: ['user:default/jane', 'group:default/payments'],
        },
      },
    });
    expect(await ask(environmentCreatePermission, 'jane')).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'environments',
    });
    expect(await ask(catalogEntityDeletePermission, 'jane')).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      conditions: { rule: 'IS_ENTITY_OWNER' },
    });
    expect(await ask(taskReadPermission, 'jane')).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/jane'] },
      },
    });
    expect(await ask(templateStepReadPermission, 'jane')).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { not: { rule: 'HAS_TAG', params: { tag: 'platform' } } },
    });
  });

  it('lets no person but the platform team make a sandbox, and its engineer destroy theirs', async () => {
    expect(await ask(environmentCreatePermission, 'jane')).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'environments',
      resourceType: 'environment',
      conditions: {
        allOf: [
          {
            rule: 'IS_ENVIRONMENT_OWNER',
            resourceType: 'environment',
            params: { claims: ['user:default/jane', 'group:default/payments'] },
          },
          {
            not: {
              rule: 'IS_ENVIRONMENT_TYPE',
              resourceType: 'environment',
              params: { types: ['sandbox'] },
            },
          },
        ],
      },
    });
    // Destroying stays with the owner: for a sandbox, its engineer (IS_ENVIRONMENT_OWNER).
    expect(await ask(environmentDeletePermission, 'jane')).toMatchObject({
      conditions: { rule: 'IS_ENVIRONMENT_OWNER' },
    });
    expect(await ask(environmentCreatePermission, 'pat')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('shows everyone the catalogue except what is labelled platform-only', async () => {
    expect(await ask(catalogEntityReadPermission, 'jane')).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        not: {
          rule: 'HAS_LABEL',
          resourceType: 'catalog-entity',
          params: { label: 'runway.dev/platform-only' },
        },
      },
    });
    expect(await ask(catalogEntityReadPermission, 'pat')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets a person make a new service only for one of their teams', async () => {
    expect(await ask(actionExecutePermission, 'jane')).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-action',
      conditions: {
        anyOf: [
          {
            not: {
              rule: 'HAS_ACTION_ID',
              resourceType: 'scaffolder-action',
              params: { actionId: 'runway:service:prepare' },
            },
          },
          {
            rule: 'HAS_STRING_PROPERTY',
            resourceType: 'scaffolder-action',
            params: { key: 'owner', value: 'group:default/payments' },
          },
          {
            rule: 'HAS_STRING_PROPERTY',
            resourceType: 'scaffolder-action',
            params: { key: 'owner', value: 'payments' },
          },
        ],
      },
    });
    expect(await ask(actionExecutePermission, 'pat')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  describe('a hire’s own new-hire page', () => {
    const withCatalog = new RunwayPermissionPolicy({
      platformGroup: 'group:default/platform',
      userInfo: mockServices.userInfo(),
      users: {
        auth: mockServices.auth(),
        catalog: catalogServiceMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'User',
              metadata: {
                name: 'ada-lovelace',
                annotations: { 'github.com/user-login': 'Ada-L' },
              },
              spec: { profile: { email: 'Ada@acme.example' } },
            },
          ],
        }),
      },
    });
    const askAs = (
      p: RunwayPermissionPolicy,
      permission: Permission,
      ref: string,
    ) =>
      p.handle(
        { permission },
        {
          credentials: mockCredentials.user(ref),
          info: { userEntityRef: ref, ownershipEntityRefs: [] },
        },
      );

    it('is the run’s person’s: their User entity’s e-mail and GitHub logins', async () => {
      for (const permission of [
        newHirePageReadPermission,
        firstDayTaskUpdatePermission,
      ]) {
        expect(
          await askAs(withCatalog, permission, 'user:default/ada-lovelace'),
        ).toEqual({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'onboarding',
          resourceType: 'onboarding-run',
          conditions: {
            rule: 'IS_RUN_PERSON',
            resourceType: 'onboarding-run',
            params: {
              emails: ['ada@acme.example'],
              logins: ['ada-lovelace', 'ada-l'],
            },
          },
        });
      }
    });

    it('matches by the entity’s name alone without a catalogue, and never outside the default namespace', async () => {
      expect(await ask(newHirePageReadPermission, 'jane')).toMatchObject({
        conditions: { params: { emails: [], logins: ['jane'] } },
      });
      expect(
        await askAs(withCatalog, newHirePageReadPermission, 'user:guests/ada'),
      ).toMatchObject({ conditions: { params: { emails: [], logins: [] } } });
    });

    it('leaves every run to the platform team, and the list of runs to them alone', async () => {
      expect(await ask(newHirePageReadPermission, 'pat')).toEqual({
        result: AuthorizeResult.ALLOW,
      });
      expect(await ask(onboardingRunReadPermission, 'jane')).toEqual({
        result: AuthorizeResult.DENY,
      });
    });
  });

  describe('provisioning follow-ups', () => {
    it('shows a follow-up to its requester and its team only, and every one to the platform team', async () => {
      expect(await ask(followupReadPermission, 'jane')).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'delivery',
        resourceType: 'delivery-followup',
        conditions: {
          rule: 'IS_FOLLOWUP_STAKEHOLDER',
          resourceType: 'delivery-followup',
          params: {
            claims: ['user:default/jane', 'group:default/payments'],
          },
        },
      });
      expect(await ask(followupReadPermission, 'pat')).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });
  });

  it('refuses a request without a user', async () => {
    expect(await ask(catalogEntityReadPermission)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
