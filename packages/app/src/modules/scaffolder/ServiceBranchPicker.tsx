import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';
import {
  fetchServiceBranches,
  serviceRowOf,
  serviceRowProblem,
} from './serviceBranches';

/**
 * `ui:field: ServiceBranchPicker`, on the branch of an environment's service: the branches of the
 * service picked in the same row, from its repository. Free text stays possible (a repository
 * may have more branches than are listed); Next checks the branch exists.
 */
export function ServiceBranchPicker(
  props: FieldExtensionComponentProps<string>,
) {
  const {
    formData,
    onChange,
    idSchema,
    schema,
    required,
    rawErrors,
    formContext,
    disabled,
  } = props;
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const row = serviceRowOf(idSchema.$id);
  const entityRef: string | undefined =
    row === undefined
      ? undefined
      : formContext?.formData?.services?.[row]?.entityRef;
  const branches = useAsync(
    async () =>
      entityRef
        ? fetchServiceBranches({ discoveryApi, fetchApi }, entityRef)
        : undefined,
    [entityRef],
  );

  const problem =
    row === undefined
      ? undefined
      : serviceRowProblem(
          formContext?.formData?.services ?? [],
          row,
          branches.value,
        );

  // The same rules as Next's validation (servicesProblems), said as the user picks.
  let hint = schema.description ?? '';
  if (!entityRef) {
    hint = 'Pick the service first: its branches are listed here.';
  } else if (problem) {
    hint = problem;
  } else if (branches.loading) hint = 'Listing the branches…';
  else if (branches.error) {
    hint = `Could not list the branches (${branches.error.message}); the branch is checked when the environment is made.`;
  } else if (branches.value) {
    hint = `Branches of ${branches.value.repository}`;
  }
  const hintId = `${idSchema.$id}-hint`;

  return (
    <Autocomplete
      id={idSchema.$id}
      freeSolo
      autoSelect
      disabled={disabled}
      options={branches.value?.branches ?? []}
      value={formData ?? ''}
      loading={branches.loading}
      onChange={(_, value) => onChange(value ?? undefined)}
      onInputChange={(_, value, reason) => {
        if (reason === 'input') onChange(value || undefined);
      }}
      renderInput={params => (
        <TextField
          {...params}
          label={schema.title ?? 'Branch'}
          required={required}
          margin="dense"
          variant="outlined"
          error={!!problem || (rawErrors?.length ?? 0) > 0}
          helperText={<span id={hintId}>{hint}</span>}
          inputProps={{ ...params.inputProps, 'aria-describedby': hintId }}
        />
      )}
    />
  );
}
