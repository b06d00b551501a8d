/**
 * Runway's scaffolder actions: `terraform:pr:create`, `slack:message:post`,
 * `runway:service:prepare`, `policy:check` and `environment:create`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleRunway as default } from './module';
export { createPolicyCheckAction } from './actions/policy/policyCheck';
export { createSlackMessagePostAction } from './actions/slack/slackMessagePost';
export { createTerraformPrCreateAction } from './actions/terraform';
