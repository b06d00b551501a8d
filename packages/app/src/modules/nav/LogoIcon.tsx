import { RunwayMark } from './RunwayMark';

/** The sidebar logo when the sidebar is collapsed. */
export const LogoIcon = () => <RunwayMark size={28} />;
