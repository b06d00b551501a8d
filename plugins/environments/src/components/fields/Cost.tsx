import Typography from '@material-ui/core/Typography';
import { EnvironmentView } from '@runway/plugin-environments-common';
import { formatMoney } from '../../lib/format';

export function Cost(props: {
  env: Pick<EnvironmentView, 'costSoFar' | 'projectedCost' | 'currency'>;
}) {
  const { costSoFar, projectedCost, currency } = props.env;
  return (
    <>
      <Typography variant="body2" noWrap>
        {formatMoney(costSoFar, currency)} so far
      </Typography>
      <Typography variant="body2" color="textSecondary" noWrap>
        {formatMoney(projectedCost, currency)} projected
      </Typography>
    </>
  );
}
