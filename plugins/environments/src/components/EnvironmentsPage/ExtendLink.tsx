import Alert from '@material-ui/lab/Alert';
import { useSearchParams } from 'react-router-dom';
import { EnvironmentMutations } from '../../hooks/useEnvironmentMutations';
import { extendLinkIntent, withoutExtendLink } from '../../lib/extendLink';
import { ExtendLinkDialog } from '../actions/ExtendLinkDialog';

/**
 * Answers an expiry warning's Extend link (`?extend=...`): a confirmation whose one click extends.
 * `pathName` is the environment whose own page is open, if any.
 */
export function ExtendLink(props: {
  pathName?: string;
  mutations: EnvironmentMutations;
}) {
  const [searchParams, setSearchParams] = useSearchParams();
  const intent = extendLinkIntent(searchParams, props.pathName);
  if (!intent) return null;
  // Answered either way: a reload must not ask again.
  const close = () =>
    setSearchParams(withoutExtendLink(searchParams), { replace: true });
  if ('problem' in intent) {
    return (
      <Alert severity="error" onClose={close} style={{ marginBottom: 16 }}>
        {intent.problem}
      </Alert>
    );
  }
  return (
    <ExtendLinkDialog
      name={intent.name}
      days={intent.days}
      onCancel={close}
      onConfirm={() => {
        close();
        props.mutations.extend(intent.name, intent.days);
      }}
    />
  );
}
