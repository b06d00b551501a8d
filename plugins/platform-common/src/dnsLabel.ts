import { disallowedCharacters, notText, quote, tooLong } from './wording';

/**
 * An RFC 1123 DNS label: lower-case letters, digits and dashes, starting and ending with a letter
 * or digit. Kubernetes namespaces and host names are made of these.
 */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The same label when it must also start with a letter (as RFC 1035 labels do). */
export const LETTER_FIRST_DNS_LABEL_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The longest label DNS allows; a rule may ask for less. */
export const DNS_LABEL_MAX_LENGTH = 63;

export interface DnsLabelOptions {
  /** Also refuse a first character that is a digit, for names that become identifiers too. */
  startWithLetter?: boolean;
}

/**
 * What is wrong with `value` as a DNS label of at most `maxLength` characters, and how to fix it,
 * suggesting a well-formed label close to it when one can be made without cutting it; undefined
 * when it is one. The text is a whole sentence or two: a form shows it as it is, and an API or an
 * action puts it after the field's name (`name: <problem>`).
 */
export function dnsLabelProblem(
  value: unknown,
  maxLength: number,
  options: DnsLabelOptions = {},
): string | undefined {
  if (
    !Number.isInteger(maxLength) ||
    maxLength < 1 ||
    maxLength > DNS_LABEL_MAX_LENGTH
  ) {
    throw new RangeError(
      `A DNS label's maximum length must be a whole number from 1 to ${DNS_LABEL_MAX_LENGTH} (got ${maxLength})`,
    );
  }
  const startWithLetter = options.startWithLetter ?? false;
  const first = startWithLetter ? 'a letter' : 'a letter or digit';
  const howTo = `Use lower-case letters, digits and dashes, starting with ${first}, at most ${maxLength} characters.`;
  if (value === undefined || value === null || value === '') {
    return `Nothing entered. ${howTo}`;
  }
  if (typeof value !== 'string') return `${notText(value)} ${howTo}`;

  const fix = suggestion(value, maxLength, startWithLetter);
  const tryFix = fix ? ` Try ${JSON.stringify(fix)}.` : '';
  const disallowed = disallowedCharacters(value, 'a-z0-9-');
  if (disallowed) {
    return `${disallowed} Use lower-case letters, digits and dashes.${tryFix}`;
  }
  // Only lower-case letters, digits and dashes are left.
  if (!(startWithLetter ? /^[a-z]/ : /^[a-z0-9]/).test(value)) {
    return `Must start with ${first}, not ${quote(value[0])}.${tryFix}`;
  }
  if (value.endsWith('-')) return `Must not end with a dash.${tryFix}`;
  return tooLong(value, maxLength);
}

/** A well-formed label close to `value`, when one can be made without cutting it. */
function suggestion(
  value: string,
  maxLength: number,
  startWithLetter: boolean,
): string | undefined {
  const pattern = startWithLetter
    ? LETTER_FIRST_DNS_LABEL_PATTERN
    : DNS_LABEL_PATTERN;
  const candidate = value
    .normalize('NFKD') // "é" becomes "e" and a combining accent, which is dropped
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(startWithLetter ? /^[^a-z]+/ : /^-+/, '')
    .replace(/-+$/, '');
  const usable =
    candidate !== value &&
    candidate.length <= maxLength &&
    pattern.test(candidate);
  return usable ? candidate : undefined;
}
