import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { serviceNameProblem } from '@runway/platform-common';
import { findTakenName, takenNameMessage } from './serviceNameAvailability';

/** Run when the user presses Next: a malformed or taken name keeps them on the step. */
export const serviceNamePickerValidation: CustomFieldValidator<string> = async (
  name,
  validation,
  { apiHolder },
) => {
  if (!name) return; // `required` speaks for an empty field
  const problem = serviceNameProblem(name);
  if (problem) {
    validation.addError(problem);
    return;
  }
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi) return;
  let taken;
  try {
    taken = await findTakenName(catalogApi, name);
  } catch {
    return; // the catalogue is unreachable: runway:service:prepare checks again when the task runs
  }
  if (taken) validation.addError(takenNameMessage(taken));
};
