import Checkbox from '@material-ui/core/Checkbox';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import { useRef, useState } from 'react';
import { FirstDayTask, onboardingApiRef } from '../../api';
import { errorMessage, formatDateTime } from '../../lib/format';

/**
 * The first-day tasks, each a checkbox the hire ticks off (or opens again). A click is sent once
 * (a second click while it is on its way does nothing); the box shows what the backend answered
 * until the page has been read again.
 */
export function FirstDayTasks(props: {
  idpUserId: string;
  tasks: FirstDayTask[];
  /** Reads the page again; settles once a read started after the change has. */
  onChanged(): Promise<void>;
}) {
  const { idpUserId, onChanged } = props;
  const api = useApi(onboardingApiRef);
  // What the backend answered, until a read of the page made after it agrees.
  const [answered, setAnswered] = useState<Record<number, FirstDayTask>>({});
  const [pending, setPending] = useState<number | undefined>();
  const [error, setError] = useState<string | undefined>();
  const sending = useRef(false);
  const tasks = props.tasks.map(t => answered[t.position] ?? t);

  const toggle = async (task: FirstDayTask) => {
    if (sending.current) return;
    sending.current = true;
    setPending(task.position);
    setError(undefined);
    try {
      const now = await api.setFirstDayTask(
        idpUserId,
        task.position,
        !task.doneAt,
      );
      setAnswered(previous => ({ ...previous, [now.position]: now }));
      await onChanged();
      setAnswered(previous => {
        const { [now.position]: _read, ...others } = previous;
        return others;
      });
    } catch (e) {
      setError(`Could not save “${task.title}”: ${errorMessage(e)}`);
    } finally {
      sending.current = false;
      setPending(undefined);
    }
  };

  if (tasks.length === 0) {
    return (
      <Typography variant="body2">
        No first-day tasks are configured.
      </Typography>
    );
  }
  const done = tasks.filter(t => t.doneAt).length;
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        {done} of {tasks.length} done
      </Typography>
      {/* Each task is a checkbox named by its title's <label> (clicking the title ticks it too);
          the row itself is no button around the checkbox: a control in a control. */}
      <List dense aria-label="First-day tasks">
        {tasks.map(task => {
          const id = `first-day-task-${task.position}`;
          return (
            <ListItem key={task.position} disableGutters>
              <ListItemIcon>
                <Checkbox
                  edge="start"
                  checked={Boolean(task.doneAt)}
                  // Not disabled while a tick is on its way (a disabled box loses the keyboard's
                  // focus); `toggle` ignores a click until the answer is in.
                  onChange={() => toggle(task)}
                  inputProps={{ id, 'aria-disabled': pending !== undefined }}
                />
              </ListItemIcon>
              <ListItemText
                primary={<label htmlFor={id}>{task.title}</label>}
                secondary={
                  task.doneAt
                    ? `done ${formatDateTime(task.doneAt)}`
                    : undefined
                }
              />
            </ListItem>
          );
        })}
      </List>
      {error && <Alert severity="error">{error}</Alert>}
    </>
  );
}
