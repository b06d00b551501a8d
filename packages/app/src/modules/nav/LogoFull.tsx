import { makeStyles } from '@material-ui/core';
import { RunwayMark } from './RunwayMark';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: 10, color: '#fff' },
  word: { fontSize: 24, fontWeight: 700, letterSpacing: 0.5 },
});

/** The sidebar logo when the sidebar is open: mark and word. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <RunwayMark size={32} />
      <span className={classes.word}>Runway</span>
    </div>
  );
};
