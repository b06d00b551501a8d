/**
 * Runway's scaffolder actions: `terraform:pr:create` and `slack:message:post`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleRunway as default } from './module';
export { createSlackMessagePostAction } from './actions/slack/slackMessagePost';
export { createTerraformPrCreateAction } from './actions/terraform';
