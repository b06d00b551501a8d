import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { ServiceNamePicker } from './ServiceNamePicker';
import { serviceNamePickerValidation } from './serviceNamePickerValidation';

/** `ui:field: ServiceNamePicker`: the component and its Next-button validation, as one field. */
export const ServiceNamePickerField = createFormField({
  name: 'ServiceNamePicker',
  component: ServiceNamePicker,
  validation: serviceNamePickerValidation,
  schema: makeFieldSchema({ output: z => z.string() }),
});
