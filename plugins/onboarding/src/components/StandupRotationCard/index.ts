export { StandupRotationCard, todaysHost } from './StandupRotationCard';
