import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { RUN_STATUS_LABELS, RunStatus } from '../../lib/checklist';

const colorOf = (theme: Theme, status: RunStatus) =>
  ({
    received: theme.palette.info.main,
    started: theme.palette.info.main,
    queued: theme.palette.info.main,
    'in-progress': theme.palette.info.main,
    incomplete: theme.palette.warning.main,
    done: theme.palette.success.main,
    failed: theme.palette.error.main,
    cancelled: theme.palette.text.secondary,
  }[status]);

const useStyles = makeStyles<Theme, { status: RunStatus }>(theme => ({
  chip: {
    color: ({ status }) => colorOf(theme, status),
    borderColor: ({ status }) => colorOf(theme, status),
  },
}));

export function RunStatusChip(props: { status: RunStatus }) {
  const classes = useStyles(props);
  return (
    <Chip
      className={classes.chip}
      label={RUN_STATUS_LABELS[props.status]}
      size="small"
      variant="outlined"
    />
  );
}
