import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/Warning';
import { makeStyles } from '@material-ui/core/styles';
import { EnvironmentView } from '@runway/plugin-environments-common';
import { useNow } from '../../hooks/useNow';
import { formatDateTime } from '../../lib/format';
import { timeLeft } from '../../lib/lifetime';

const useStyles = makeStyles(theme => ({
  root: { display: 'inline-flex', alignItems: 'center', whiteSpace: 'nowrap' },
  urgent: { color: theme.palette.error.main, fontWeight: 'bold' },
  icon: { fontSize: '1rem', marginRight: theme.spacing(0.5) },
}));

/**
 * A live countdown to the environment's expiry, red once less than a day is left; "no expiry"
 * for a sandbox.
 */
export function TimeLeft(props: {
  env: Pick<EnvironmentView, 'state' | 'expiresAt'>;
}) {
  const classes = useStyles();
  const now = useNow(1000);
  const left = timeLeft(props.env, now);
  return (
    <Tooltip
      title={
        props.env.expiresAt
          ? `Expires ${formatDateTime(props.env.expiresAt)}`
          : 'A sandbox has no expiry: it stays until its engineer is offboarded'
      }
    >
      <Typography
        component="span"
        variant="body2"
        className={`${classes.root} ${left.urgent ? classes.urgent : ''}`}
      >
        {left.urgent && (
          <WarningIcon
            className={classes.icon}
            titleAccess="Less than a day left"
          />
        )}
        {left.label}
      </Typography>
    </Tooltip>
  );
}
