import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { EnvironmentView } from '@runway/plugin-environments-common';
import { daysLabel } from '../../lib/format';
import { ExpiringEnvironment, previewExtension } from '../../lib/lifetime';
import { extensionHint } from './extensionHint';

export function ExtendButton(props: {
  env: ExpiringEnvironment<EnvironmentView>;
  days: number;
  now: Date;
  busy: boolean;
  onExtend(name: string, days: number): void;
}) {
  const { env, days, now, busy, onExtend } = props;
  const preview = previewExtension(env, days, now);
  return (
    <Tooltip title={extensionHint(env, days, preview)}>
      {/* A disabled button fires no events; the span keeps its tooltip working. */}
      <span>
        <Button
          size="small"
          aria-label={`Extend ${env.name} by ${daysLabel(days)}`}
          disabled={busy || !preview.possible}
          onClick={() => onExtend(env.name, days)}
        >
          +{daysLabel(days)}
        </Button>
      </span>
    </Tooltip>
  );
}
