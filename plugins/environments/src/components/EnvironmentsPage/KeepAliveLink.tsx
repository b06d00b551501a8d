import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { EnvironmentView } from '@runway/plugin-environments-common';
import { useSearchParams } from 'react-router-dom';
import { EnvironmentMutations } from '../../hooks/useEnvironmentMutations';
import { formatDateTime } from '../../lib/format';
import { isLive } from '../../lib/lifetime';

/** The parameter of an idle warning's link: `/environments/<name>?keepAlive=1`. */
const KEEP_ALIVE_PARAM = 'keepAlive';

/**
 * Answers an idle warning's Keep alive link on the environment's own page: a confirmation whose
 * one click counts as activity, postponing the idle teardown.
 */
export function KeepAliveLink(props: {
  env?: EnvironmentView;
  mutations: EnvironmentMutations;
}) {
  const { env, mutations } = props;
  const [searchParams, setSearchParams] = useSearchParams();
  if (!searchParams.has(KEEP_ALIVE_PARAM) || !env) return null;
  // Answered either way: a reload must not ask again.
  const close = () => {
    const next = new URLSearchParams(searchParams);
    next.delete(KEEP_ALIVE_PARAM);
    setSearchParams(next, { replace: true });
  };
  const live = isLive(env);
  return (
    <Dialog open onClose={close} aria-labelledby="keep-alive-link-title">
      <DialogTitle id="keep-alive-link-title">
        Keep {env.name} alive?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {live
            ? `${
                env.name
              } has had no push to its branches, deploy or keep-alive since ${formatDateTime(
                env.lastActivityAt,
              )}. Keeping it alive counts as activity and postpones its idle teardown.`
            : `${env.name} is ${env.state}: it can no longer be kept alive.`}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={!live}
          onClick={() => {
            close();
            mutations.keepAlive(env.name);
          }}
        >
          Keep alive
        </Button>
      </DialogActions>
    </Dialog>
  );
}
