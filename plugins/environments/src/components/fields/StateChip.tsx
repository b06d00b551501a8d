import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { EnvironmentState } from '@runway/plugin-environments-common';

const colorOf = (theme: Theme, state: EnvironmentState) =>
  ({
    provisioning: theme.palette.info.main,
    active: theme.palette.success.main,
    failed: theme.palette.error.main,
    expiring: theme.palette.warning.main,
    'tearing-down': theme.palette.error.main,
    destroyed: theme.palette.text.secondary,
  }[state]);

const useStyles = makeStyles<Theme, { state: EnvironmentState }>(theme => ({
  chip: {
    color: ({ state }) => colorOf(theme, state),
    borderColor: ({ state }) => colorOf(theme, state),
  },
}));

/** The state; a failed one says why when pointed at. */
export function StateChip(props: { state: EnvironmentState; reason?: string }) {
  const classes = useStyles(props);
  const chip = (
    <Chip
      className={classes.chip}
      label={props.state}
      size="small"
      variant="outlined"
    />
  );
  return props.reason ? <Tooltip title={props.reason}>{chip}</Tooltip> : chip;
}
