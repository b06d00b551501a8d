export { startSmtp } from './smtpStandIn';
export type {
  ReceivedAttachment,
  ReceivedMail,
  SmtpStandIn,
} from './smtpStandIn';
