import { dnsLabelProblem, LETTER_FIRST_DNS_LABEL_PATTERN } from './dnsLabel';

/**
 * The longest service name: it names the repository, the Kubernetes namespace, RDS identifiers
 * and the Grafana uid.
 */
export const SERVICE_NAME_MAX_LENGTH = 40;

/** A service name, as the new-service template's `pattern` writes it (with its `maxLength`). */
export const SERVICE_NAME_PATTERN = LETTER_FIRST_DNS_LABEL_PATTERN;

/**
 * What is wrong with a new service's name and how to fix it, or undefined when it is well
 * formed: a DNS label that starts with a letter, at most 40 characters. The name field shows this
 * text as it is; `runway:service:prepare` refuses with `name: <this text>`.
 */
export function serviceNameProblem(name: unknown): string | undefined {
  return dnsLabelProblem(name, SERVICE_NAME_MAX_LENGTH, {
    startWithLetter: true,
  });
}
