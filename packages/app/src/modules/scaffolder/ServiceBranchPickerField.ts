import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { ServiceBranchPicker } from './ServiceBranchPicker';
import { serviceBranchPickerValidation } from './serviceBranchPickerValidation';

/** `ui:field: ServiceBranchPicker`: the branch of an environment's service, from its repository. */
export const ServiceBranchPickerField = createFormField({
  name: 'ServiceBranchPicker',
  component: ServiceBranchPicker,
  validation: serviceBranchPickerValidation,
  schema: makeFieldSchema({ output: z => z.string() }),
});
