import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ServiceNameCheck, useServiceNameCheck } from './useServiceNameCheck';
import { takenNameReason } from './serviceNameAvailability';

const useStyles = makeStyles(theme => ({
  available: { color: theme.palette.success.main },
}));

/** The line under the field: live, so screen readers hear the verdict too. */
const CheckHint = (props: {
  id: string;
  name: string;
  check: ServiceNameCheck;
}) => {
  const { id, name, check } = props;
  const classes = useStyles();
  const hint = (() => {
    switch (check.status) {
      case 'invalid':
        return check.message;
      case 'checking':
        return 'Checking…';
      case 'available':
        return (
          <span className={classes.available}>
            <code>{name}</code> is available
          </span>
        );
      case 'taken':
        return (
          <>
            <EntityRefLink entityRef={check.taken.entityRef}>
              <code>{check.taken.entityRef.name}</code>
            </EntityRefLink>{' '}
            {takenNameReason(check.taken)}
          </>
        );
      case 'unknown':
        return `Could not check the catalogue (${check.message}); the name is checked again when the template runs.`;
      default:
        return null;
    }
  })();
  return (
    <FormHelperText
      id={id}
      role="status"
      aria-live="polite"
      error={check.status === 'invalid' || check.status === 'taken'}
      style={{ marginTop: 0 }}
    >
      {hint}
    </FormHelperText>
  );
};

/**
 * A text field for a new service's name that says, as the user types, whether the name is well
 * formed and still free in the catalogue.
 */
export const ServiceNamePicker = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    onChange,
    required,
    schema: { title = 'Name', description },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
    placeholder,
  } = props;
  const name = formData ?? '';
  const check = useServiceNameCheck(name);
  const fieldId = idSchema?.$id ?? 'service-name';
  const hintId = `${fieldId}-check`;
  // MUI names the description `<id>-helper-text`; the verdict describes the input too.
  const describedBy = description ? `${fieldId}-helper-text ${hintId}` : hintId;
  const hasError =
    check.status === 'invalid' ||
    check.status === 'taken' ||
    (check.status !== 'available' && (rawErrors?.length ?? 0) > 0);

  return (
    <>
      <TextField
        id={fieldId}
        label={title}
        placeholder={placeholder}
        helperText={description}
        required={required}
        value={name}
        onChange={({ target: { value } }) => onChange(value || undefined)}
        margin="normal"
        error={hasError}
        inputProps={{
          autoFocus: uiSchema['ui:autofocus'],
          'aria-describedby': describedBy,
        }}
        FormHelperTextProps={{
          margin: 'dense',
          error: false, // the description is guidance; the verdict below carries the error
          style: { marginLeft: 0 },
        }}
      />
      <CheckHint id={hintId} name={name} check={check} />
    </>
  );
};
