/**
 * Reading method arguments the way Slack does. Form-encoded calls (what @slack/web-api sends)
 * carry every value as a string: booleans as "true", lists comma-separated, and JSON-typed
 * arguments such as `blocks` as JSON text. JSON-bodied calls carry real values. Both must work.
 */
import { SlackApiError } from './SlackApiError';

export type SlackArgs = Record<string, unknown>;

export function stringArg(args: SlackArgs, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

/** Slack's answer to a missing required argument that has no method-specific code. */
export function requiredString(args: SlackArgs, name: string): string {
  const value = stringArg(args, name);
  if (value === undefined) {
    throw new SlackApiError('invalid_arguments', {
      response_metadata: {
        messages: [`[ERROR] missing required field: ${name}`],
      },
    });
  }
  return value;
}

export function boolArg(args: SlackArgs, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function intArg(args: SlackArgs, name: string): number | undefined {
  const value = stringArg(args, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) {
    throw new SlackApiError('invalid_arguments', {
      response_metadata: { messages: [`[ERROR] ${name} must be an integer`] },
    });
  }
  return parsed;
}

/** A list given as "a,b,c", as a JSON array string, or as a real array. */
export function listArg(args: SlackArgs, name: string): string[] {
  const value = args[name];
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  const text = stringArg(args, name)?.trim();
  if (!text) return [];
  if (text.startsWith('[')) {
    const parsed = parseJson(text);
    if (Array.isArray(parsed)) return parsed.map(String).filter(Boolean);
  }
  return text
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

/** A JSON-typed argument: parsed from its string form, else `errorCode`. */
export function jsonArg(
  args: SlackArgs,
  name: string,
  errorCode: string,
): unknown {
  const value = args[name];
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return undefined;
  const parsed = parseJson(value);
  if (parsed === undefined) throw new SlackApiError(errorCode);
  return parsed;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
