import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

// Loaded with the templates page, not with the app's first bundle.
const serviceNamePickerFormField = FormFieldBlueprint.make({
  name: 'service-name-picker',
  params: {
    field: () =>
      import('./ServiceNamePickerField').then(m => m.ServiceNamePickerField),
  },
});

const serviceBranchPickerFormField = FormFieldBlueprint.make({
  name: 'service-branch-picker',
  params: {
    field: () =>
      import('./ServiceBranchPickerField').then(
        m => m.ServiceBranchPickerField,
      ),
  },
});

/** Runway's scaffolder form fields, attached to the scaffolder plugin's form-fields API. */
export const scaffolderModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [serviceNamePickerFormField, serviceBranchPickerFormField],
});
