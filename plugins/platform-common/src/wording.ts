/**
 * Pieces of wording the rules share, so that every message reads the same way: what is wrong,
 * then how to fix it. Internal to this package.
 */

/** The most distinct disallowed characters a message names before it summarises the rest. */
const MAX_NAMED_CHARACTERS = 5;

/** `a`, `a and b`, `a, b and c`. */
export function joinList(items: string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A character or two as a message shows them: quoted, with control characters escaped. */
export function quote(text: string): string {
  return JSON.stringify(text);
}

/**
 * `Capital letters and "_" are not allowed.` for a value holding characters outside `allowed`
 * (a character class body such as `a-z0-9-`), or undefined when it holds none. Capital letters
 * (of any alphabet) and white space are named as such when they are not allowed; any other
 * character is quoted, each once, in the order it first appears; past five, the rest are counted.
 */
export function disallowedCharacters(
  value: string,
  allowed: string,
): string | undefined {
  const allowedCharacter = new RegExp(`^[${allowed}]$`);
  const found: string[] = [];
  let capitals = false;
  let spaces = false;
  const others = new Set<string>();
  for (const char of value) {
    if (allowedCharacter.test(char)) continue;
    if (/^\p{Lu}$/u.test(char)) capitals = true;
    else if (/^\s$/.test(char)) spaces = true;
    else others.add(char);
  }
  if (capitals) found.push('capital letters');
  if (spaces) found.push('spaces');
  const quoted = [...others].map(quote);
  if (quoted.length > MAX_NAMED_CHARACTERS) {
    const rest = quoted.length - MAX_NAMED_CHARACTERS;
    quoted.splice(MAX_NAMED_CHARACTERS, rest, `${rest} other characters`);
  }
  found.push(...quoted);
  if (found.length === 0) return undefined;
  const plural = found.length > 1 || capitals || spaces;
  const list = joinList(found);
  return `${list[0].toUpperCase()}${list.slice(1)} ${
    plural ? 'are' : 'is'
  } not allowed.`;
}

/** `Too long at 45 characters; shorten it by 5 to at most 40.`, or undefined when it fits. */
export function tooLong(value: string, maxLength: number): string | undefined {
  const length = [...value].length;
  if (length <= maxLength) return undefined;
  return `Too long at ${length} characters; shorten it by ${
    length - maxLength
  } to at most ${maxLength}.`;
}

/** For a value that is not text at all (only an API or an action input can send one). */
export function notText(value: unknown): string {
  const what = Array.isArray(value) ? 'a list' : typeof value;
  return `Expected text, got ${value === null ? 'null' : what}.`;
}
