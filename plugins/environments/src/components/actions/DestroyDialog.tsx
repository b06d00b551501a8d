import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { EnvironmentView } from '@runway/plugin-environments-common';
import { useState } from 'react';
import { entityName } from '../../lib/format';

/** Destroying cannot be undone, so the person types the environment's name first. */
export function DestroyDialog(props: {
  env: Pick<EnvironmentView, 'name' | 'services'>;
  onCancel(): void;
  onConfirm(): void;
}) {
  const { env, onCancel, onConfirm } = props;
  const [typed, setTyped] = useState('');
  const titleId = `destroy-${env.name}-title`;
  return (
    <Dialog open onClose={onCancel} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Destroy {env.name}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          This tears down {env.name} now: its{' '}
          {env.services.map(s => entityName(s.entityRef)).join(', ')}{' '}
          deployments, their data and their URLs. It cannot be undone.
        </DialogContentText>
        <TextField
          id={`destroy-${env.name}-name`}
          fullWidth
          label={`Type ${env.name} to confirm`}
          value={typed}
          onChange={event => setTyped(event.target.value)}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={typed !== env.name}
          onClick={onConfirm}
        >
          Destroy
        </Button>
      </DialogActions>
    </Dialog>
  );
}
