import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { EnvironmentView } from '@runway/plugin-environments-common';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api';
import { useNow } from '../../hooks/useNow';
import { daysLabel, errorMessage, formatDateTime } from '../../lib/format';
import {
  expires,
  isLive,
  previewExtension,
  timeLeft,
} from '../../lib/lifetime';
import { extensionHint } from './extensionHint';

/** Opened by an expiry warning's Extend link: one click extends the environment. */
export function ExtendLinkDialog(props: {
  name: string;
  days: number;
  onCancel(): void;
  onConfirm(): void;
}) {
  const { name, days, onCancel, onConfirm } = props;
  const api = useApi(environmentsApiRef);
  const now = useNow(60_000);
  const { value: env, error } = useAsync(
    () => api.getEnvironment(name),
    [api, name],
  );
  const preview = env && expires(env) && previewExtension(env, days, now);
  const canExtend = !!env && isLive(env) && !!preview && preview.possible;
  return (
    <Dialog open onClose={onCancel} aria-labelledby="extend-link-title">
      <DialogTitle id="extend-link-title">
        Extend {name} by {daysLabel(days)}?
      </DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error">
            Could not load environment {name}: {errorMessage(error)}
          </Alert>
        )}
        {!env && !error && <Progress />}
        {env && <Explanation env={env} days={days} now={now} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!canExtend}
          onClick={onConfirm}
        >
          Extend
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function Explanation(props: { env: EnvironmentView; days: number; now: Date }) {
  const { env, days, now } = props;
  if (!isLive(env)) {
    return (
      <Alert severity="info">
        {env.name} is {env.state}: it can no longer be extended.
      </Alert>
    );
  }
  if (!expires(env)) {
    return (
      <Alert severity="info">
        {env.name} is a sandbox: it has no expiry, so there is nothing to
        extend. It stays until its engineer is offboarded.
      </Alert>
    );
  }
  const preview = previewExtension(env, days, now);
  return (
    <>
      <DialogContentText>
        {env.name} expires {formatDateTime(env.expiresAt)} (
        {timeLeft(env, now).label}).
      </DialogContentText>
      {preview.possible && !preview.capped ? (
        <DialogContentText>
          Extended, it expires {formatDateTime(preview.expiresAt)}.
        </DialogContentText>
      ) : (
        <Alert severity="warning">{extensionHint(env, days, preview)}</Alert>
      )}
    </>
  );
}
