import Alert from '@material-ui/lab/Alert';
import { Feedback } from '../../hooks/useEnvironmentMutations';

export function FeedbackAlert(props: { feedback?: Feedback; onClose(): void }) {
  if (!props.feedback) return null;
  return (
    <Alert
      severity={props.feedback.severity}
      onClose={props.onClose}
      style={{ marginBottom: 16 }}
    >
      {props.feedback.message}
    </Alert>
  );
}
