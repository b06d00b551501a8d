import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { createEnvironmentDelivery } from '@runway/plugin-environments-node';
import { readRunwaySettings, slackEscape } from '@runway/platform-node';
import { createCatalogLocationEnsureAction } from './actions/catalog/catalogLocationEnsure';
import { createProvisioningFollowupCreateAction } from './actions/delivery/followupCreate';
import { createEnvironmentCreateAction } from './actions/environment/environmentCreate';
import { createEnvironmentSandboxCreateAction } from './actions/environment/sandboxCreate';
import { createEnvironmentSandboxDestroyAction } from './actions/environment/sandboxDestroy';
import { environmentActionSettings } from './actions/environment/settings';
import {
  createCatalogUserEnsureAction,
  createCatalogUserRetireAction,
} from './actions/onboarding/catalogUser';
import { createEngineerPrepareAction } from './actions/onboarding/engineerPrepare';
import { createOwnerReassignAction } from './actions/onboarding/ownerReassign';
import { createOnboardingRunRecordAction } from './actions/onboarding/runRecord';
import { createTeamChangePrepareAction } from './actions/onboarding/teamChangePrepare';
import { createOffboardingPrepareAction } from './actions/onboarding/offboardingPrepare';
import { createOffboardingReportAction } from './actions/onboarding/offboardingReport';
import { engineerOnboardingSettings } from './actions/onboarding/settings';
import {
  createStandupRotationJoinAction,
  createStandupRotationLeaveAction,
} from './actions/onboarding/standupRotation';
import { createWelcomeEmailAction } from './actions/onboarding/welcomeEmail';
import { readWelcomeEmailSettings } from './actions/onboarding/welcomeEmailSettings';
import {
  createSlackMemberAddAction,
  createSlackMemberRemoveAction,
} from './actions/onboarding/slackMembership';
import { createPolicyCheckAction } from './actions/policy/policyCheck';
import { createServicePrepareAction } from './actions/service/servicePrepare';
import { newServiceSettings } from './actions/service/settings';
import { createSlackMessagePostAction } from './actions/slack/slackMessagePost';
import { createTerraformPrCreateAction } from './actions/terraform';

/**
 * Registers Runway's scaffolder actions. Config is read once, here; handlers get what they need.
 */
export const scaffolderModuleRunway = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'runway',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        templating: scaffolderTemplatingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        notifications: notificationService,
        catalog: catalogServiceRef,
        auditor: coreServices.auditor,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({
        scaffolderActions,
        templating,
        config,
        logger,
        notifications,
        catalog,
        auditor,
        discovery,
        auth,
      }) {
        // `${{ parameters.x | slackEscape }}`: what a person typed reaches Slack as text (no
        // `<!channel>`, mention or disguised link), while the template's own links stay links.
        templating.addTemplateFilters({
          slackEscape: value => slackEscape(String(value ?? '')),
        });
        const integrations = ScmIntegrations.fromConfig(config);
        const runway = readRunwaySettings(config);
        // One delivery for environments and sandboxes alike, as the environments plugin tears down.
        const environmentSettings = environmentActionSettings(config);
        const environmentDelivery = createEnvironmentDelivery(config, logger);
        scaffolderActions.addActions(
          createTerraformPrCreateAction({
            integrations,
            baseUrl: runway.appBaseUrl,
            github: runway.github,
          }),
          createSlackMessagePostAction({ slack: runway.slack, notifications }),
          createCatalogLocationEnsureAction({ catalog, integrations }),
          createServicePrepareAction({
            catalog,
            integrations,
            settings: newServiceSettings(config),
          }),
          createPolicyCheckAction({
            auditor,
            appBaseUrl: runway.appBaseUrl,
            policiesDir: runway.policiesDir,
          }),
          createEngineerPrepareAction({
            catalog,
            integrations,
            settings: engineerOnboardingSettings(config),
          }),
          createOffboardingPrepareAction({
            catalog,
            integrations,
            settings: engineerOnboardingSettings(config),
          }),
          createOffboardingReportAction({ integrations, discovery, auth }),
          createTeamChangePrepareAction({
            catalog,
            integrations,
            settings: engineerOnboardingSettings(config),
          }),
          createOwnerReassignAction({
            catalog,
            integrations,
            githubHost: engineerOnboardingSettings(config).githubHost,
          }),
          createCatalogUserEnsureAction({ catalog, discovery, auth }),
          createOnboardingRunRecordAction({ discovery, auth }),
          createCatalogUserRetireAction({ catalog, discovery, auth }),
          createStandupRotationJoinAction({ discovery, auth }),
          createStandupRotationLeaveAction({ discovery, auth }),
          createSlackMemberAddAction({ slack: runway.slack }),
          createSlackMemberRemoveAction({ slack: runway.slack }),
          createWelcomeEmailAction({
            settings: readWelcomeEmailSettings(config),
          }),
          createEnvironmentCreateAction({
            settings: environmentSettings,
            delivery: environmentDelivery,
            catalog,
            integrations,
            discovery,
            auth,
            auditor,
          }),
          createEnvironmentSandboxCreateAction({
            settings: environmentSettings,
            delivery: environmentDelivery,
            catalog,
            discovery,
            auth,
            auditor,
          }),
          createEnvironmentSandboxDestroyAction({ discovery, auth }),
          createProvisioningFollowupCreateAction({ discovery, auth }),
        );
      },
    });
  },
});
