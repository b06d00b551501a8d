import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { EnvironmentView } from '@runway/plugin-environments-common';
import { useState } from 'react';
import { EnvironmentMutations } from '../../hooks/useEnvironmentMutations';
import { useNow } from '../../hooks/useNow';
import { expires, isLive } from '../../lib/lifetime';
import { DestroyDialog } from './DestroyDialog';
import { ExtendButton } from './ExtendButton';

const useStyles = makeStyles({
  root: { display: 'flex', flexWrap: 'wrap', alignItems: 'center' },
});

/**
 * Extend, keep alive and destroy one environment; nothing once it is being torn down. A sandbox
 * has no expiry and is never torn down for idleness: only Destroy.
 */
export function EnvironmentActions(props: {
  env: EnvironmentView;
  mutations: EnvironmentMutations;
}) {
  const { env, mutations } = props;
  const classes = useStyles();
  const now = useNow(60_000);
  const [confirmingDestroy, setConfirmingDestroy] = useState(false);
  if (!isLive(env)) return null;
  const busy = mutations.isPending(env.name);
  return (
    <div className={classes.root}>
      {expires(env) && (
        <>
          {[1, 7].map(days => (
            <ExtendButton
              key={days}
              env={env}
              days={days}
              now={now}
              busy={busy}
              onExtend={mutations.extend}
            />
          ))}
          <Tooltip title="Record activity now, so the idle teardown leaves it alone">
            <span>
              <Button
                size="small"
                aria-label={`Keep alive: ${env.name}`}
                disabled={busy}
                onClick={() => mutations.keepAlive(env.name)}
              >
                Keep alive
              </Button>
            </span>
          </Tooltip>
        </>
      )}
      <Button
        size="small"
        color="secondary"
        aria-label={`Destroy ${env.name}`}
        disabled={busy}
        onClick={() => setConfirmingDestroy(true)}
      >
        Destroy
      </Button>
      {confirmingDestroy && (
        <DestroyDialog
          env={env}
          onCancel={() => setConfirmingDestroy(false)}
          onConfirm={() => {
            setConfirmingDestroy(false);
            mutations.destroy(env.name);
          }}
        />
      )}
    </div>
  );
}
