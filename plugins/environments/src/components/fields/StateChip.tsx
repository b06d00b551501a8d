import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { EnvironmentState } from '@runway/plugin-environments-common';

const colorOf = (theme: Theme, state: EnvironmentState) =>
  ({
    provisioning: theme.palette.info.main,
    active: theme.palette.success.main,
    expiring: theme.palette.warning.main,
    'tearing-down': theme.palette.error.main,
    destroyed: theme.palette.text.disabled,
  }[state]);

const useStyles = makeStyles<Theme, { state: EnvironmentState }>(theme => ({
  chip: {
    color: ({ state }) => colorOf(theme, state),
    borderColor: ({ state }) => colorOf(theme, state),
  },
}));

export function StateChip(props: { state: EnvironmentState }) {
  const classes = useStyles(props);
  return (
    <Chip
      className={classes.chip}
      label={props.state}
      size="small"
      variant="outlined"
    />
  );
}
