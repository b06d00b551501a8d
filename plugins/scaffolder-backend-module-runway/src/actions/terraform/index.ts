export { createTerraformPrCreateAction } from './terraformPrCreate';
export type { TerraformPrCreateOptions } from './terraformPrCreate';
export type { GithubRetryOptions } from './github';
