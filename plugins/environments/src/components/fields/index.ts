export { Cost } from './Cost';
export { FeedbackAlert } from './FeedbackAlert';
export { ServiceList } from './ServiceList';
export { StateChip } from './StateChip';
export { TimeLeft } from './TimeLeft';
export { UrlList } from './UrlList';
export { CreateEnvironmentLink } from './CreateEnvironmentLink';
export { EnvironmentLink } from './EnvironmentLink';
