import { Link } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';
import DoneIcon from '@material-ui/icons/CheckCircle';
import WaitingIcon from '@material-ui/icons/RadioButtonUnchecked';
import { MILESTONES, formatLeadTime } from '@runway/plugin-onboarding-common';
import { Milestone } from '../../api';
import { safeUrl } from '../../lib/checklist';
import { formatDateTime } from '../../lib/format';

const useStyles = makeStyles(theme => ({
  icon: { minWidth: 32 },
  done: { color: theme.palette.success.main },
  idle: { color: theme.palette.text.secondary },
}));

/** What the page says of a milestone: "access granted after 1 h 12 min", or when it will be. */
export function milestoneText(milestone: Milestone): string {
  const { title, when } = MILESTONES[milestone.kind] ?? {
    title: milestone.kind,
    when: 'it happens',
  };
  if (!milestone.reachedAt) return `not yet: when ${when}`;
  return `${title.toLocaleLowerCase('en-US')} after ${formatLeadTime(
    milestone.leadTimeMs ?? 0,
  )}`;
}

/** Each milestone, with its lead time from the event that started the onboarding. */
export function Milestones(props: { milestones: Milestone[] }) {
  const classes = useStyles();
  return (
    <List dense aria-label="Milestones">
      {props.milestones.map(milestone => {
        const url = safeUrl(milestone.url);
        return (
          <ListItem key={milestone.kind} disableGutters>
            <ListItemIcon className={classes.icon}>
              {milestone.reachedAt ? (
                <DoneIcon className={classes.done} fontSize="small" />
              ) : (
                <WaitingIcon className={classes.idle} fontSize="small" />
              )}
            </ListItemIcon>
            <ListItemText
              primary={MILESTONES[milestone.kind]?.title ?? milestone.kind}
              secondaryTypographyProps={{ component: 'div' }}
              secondary={
                <>
                  <span
                    className={milestone.reachedAt ? classes.done : undefined}
                  >
                    {milestoneText(milestone)}
                  </span>
                  {milestone.reachedAt && (
                    <div>
                      {formatDateTime(milestone.reachedAt)}
                      {milestone.detail && (
                        <>
                          {' · '}
                          {url ? (
                            <Link
                              to={url}
                              target="_blank"
                              rel="noopener noreferrer"
                            >
                              {milestone.detail}
                            </Link>
                          ) : (
                            milestone.detail
                          )}
                        </>
                      )}
                    </div>
                  )}
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
