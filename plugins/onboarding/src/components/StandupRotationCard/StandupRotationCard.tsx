import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { RotationMember, onboardingApiRef } from '../../api';

const DAY_MS = 86_400_000;

/**
 * Who hosts today's standup: the rotation moves one place each working day (Monday to Friday),
 * counted from a fixed Monday so every viewer sees the same host.
 */
export function todaysHost(
  members: RotationMember[],
  today: Date,
): RotationMember | undefined {
  if (!members.length) return undefined;
  const monday = Date.UTC(2024, 0, 1); // a Monday
  const days = Math.floor((today.getTime() - monday) / DAY_MS);
  const weeks = Math.floor(days / 7);
  const weekday = Math.min(days % 7, 4); // the weekend keeps Friday's host
  return members[(weeks * 5 + weekday) % members.length];
}

/** A team's standup rotation, kept by Runway: onboarding adds new engineers, offboarding removes them. */
export function StandupRotationCard(props: { now?: () => Date }) {
  const { entity } = useEntity();
  const api = useApi(onboardingApiRef);
  const team = {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const { value, loading, error } = useAsync(
    () => api.getRotation(team),
    [api, team.namespace, team.name],
  );
  const host = value && todaysHost(value, (props.now ?? (() => new Date()))());
  return (
    <InfoCard
      title="Standup rotation"
      subheader="New engineers join at the end when they are onboarded"
    >
      {loading && <Progress />}
      {error && (
        <Alert severity="error">
          Could not read the standup rotation: {error.message}
        </Alert>
      )}
      {value?.length === 0 && (
        <Typography variant="body2">
          Nobody is in this team's rotation yet.
        </Typography>
      )}
      {!!value?.length && (
        <List dense aria-label="Standup rotation">
          {value.map(member => (
            <ListItem key={member.email} selected={member === host}>
              <ListItemText
                primary={`${member.position + 1}. ${member.name}${
                  member === host ? ' — hosts today' : ''
                }`}
                secondary={member.email}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
