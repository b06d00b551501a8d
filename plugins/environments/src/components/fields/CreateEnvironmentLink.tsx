import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { ReactNode } from 'react';
import { templateRouteRef } from '../../routes';

/** A link to the golden path that creates an ephemeral environment. */
export function CreateEnvironmentLink(props: { children: ReactNode }) {
  const templateLink = useRouteRef(templateRouteRef);
  if (!templateLink) return <>{props.children}</>;
  return (
    <Link
      to={templateLink({
        namespace: 'default',
        templateName: 'ephemeral-environment',
      })}
    >
      {props.children}
    </Link>
  );
}
