import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { EnvironmentService } from '@runway/plugin-environments-common';

/** Each service of the environment and the branch it runs. */
export function ServiceList(props: { services: EnvironmentService[] }) {
  return (
    <>
      {props.services.map(service => (
        <Typography key={service.entityRef} variant="body2" noWrap>
          <EntityRefLink
            entityRef={service.entityRef}
            defaultKind="component"
          />{' '}
          @ <code>{service.branch}</code>
        </Typography>
      ))}
    </>
  );
}
