/**
 * A Slack Web API failure: becomes `{ ok: false, error: code, ...extra }` with HTTP 200, which
 * is how Slack reports every error except rate limits, so clients see exactly Slack's codes.
 */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'SlackApiError';
  }

  body(): Record<string, unknown> {
    return { ok: false, error: this.code, ...this.extra };
  }
}
