/**
 * Rules that the browser and the backend share, with one wording each: what is wrong and how to
 * fix it, as a sentence a form shows as it is and an API or action puts after the field's name.
 *
 * @packageDocumentation
 */
export {
  DNS_LABEL_MAX_LENGTH,
  DNS_LABEL_PATTERN,
  LETTER_FIRST_DNS_LABEL_PATTERN,
  dnsLabelProblem,
} from './dnsLabel';
export type { DnsLabelOptions } from './dnsLabel';
export {
  SERVICE_NAME_MAX_LENGTH,
  SERVICE_NAME_PATTERN,
  serviceNameProblem,
} from './serviceName';
export { BRANCH_NAME_MAX_LENGTH, branchNameProblem } from './branchName';
