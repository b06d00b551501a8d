import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { fetchServiceBranches, servicesProblems } from './serviceBranches';

/**
 * Run when the user presses Next or Review. The scaffolder hands a field inside an array's items
 * the whole array, so this checks every row: no service twice, each branch one its repository has.
 */
export const serviceBranchPickerValidation: CustomFieldValidator<
  unknown
> = async (value, validation, { apiHolder }) => {
  if (!Array.isArray(value)) return;
  const discoveryApi = apiHolder.get(discoveryApiRef);
  const fetchApi = apiHolder.get(fetchApiRef);
  const branchesOf = async (entityRef: string) => {
    if (!discoveryApi || !fetchApi) return undefined;
    // Unreachable or refused: the action checks the branch when the task runs.
    return fetchServiceBranches({ discoveryApi, fetchApi }, entityRef).catch(
      () => undefined,
    );
  };
  for (const problem of await servicesProblems(value, branchesOf)) {
    validation.addError(problem);
  }
};
