export { createTerraformPrCreateAction } from './terraformPrCreate';
export type { TerraformPrCreateOptions } from './terraformPrCreate';
