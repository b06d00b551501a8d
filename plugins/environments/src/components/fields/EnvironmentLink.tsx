import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { environmentRouteRef } from '../../routes';

/** The environment's name, linking to its own page. */
export function EnvironmentLink(props: { name: string }) {
  const environmentLink = useRouteRef(environmentRouteRef);
  if (!environmentLink) return <>{props.name}</>;
  return <Link to={environmentLink({ name: props.name })}>{props.name}</Link>;
}
