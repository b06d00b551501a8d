import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { ReactNode } from 'react';
import { templateRouteRef } from '../../routes';

/** A link to the golden path that creates an ephemeral environment. */
export function CreateEnvironmentLink(props: { children: ReactNode }) {
  const templateLink = useRouteRef(templateRouteRef);
  if (!templateLink) return <>{props.children}</>;
  return (
    // Always in a sentence: underlined, not told apart by colour alone (WCAG 1.4.1; axe).
    <Link
      underline="always"
      to={templateLink({
        namespace: 'default',
        templateName: 'ephemeral-environment',
      })}
    >
      {props.children}
    </Link>
  );
}
