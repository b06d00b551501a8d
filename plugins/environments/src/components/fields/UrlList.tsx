import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** The environment's URLs, one per service. */
export function UrlList(props: { urls: Record<string, string> }) {
  const entries = Object.entries(props.urls);
  if (entries.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        none yet
      </Typography>
    );
  }
  return (
    <>
      {entries.map(([service, url]) => (
        <Typography key={service} variant="body2">
          {service}: <Link to={url}>{url}</Link>
        </Typography>
      ))}
    </>
  );
}
