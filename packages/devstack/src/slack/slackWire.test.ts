/**
 * Wire conventions of Slack's Web API that @slack/web-api never exercises (it always sends
 * form-encoded bodies with a Bearer header), checked at the HTTP level: other clients — curl,
 * Slack's JSON examples, shell scripts in golden paths — rely on them.
 */
import request from 'supertest';
import {
  BOT_TOKEN,
  startSlackStandIn,
  type SlackHarness,
} from './__testUtils__/slackHarness';

let slack: SlackHarness;

beforeEach(async () => {
  slack = await startSlackStandIn();
});

afterEach(() => slack.close());

const api = (method: string) => request(slack.app).post(`/slack/api/${method}`);

it('accepts a JSON body with real arrays for blocks', async () => {
  const blocks = [
    { type: 'section', text: { type: 'plain_text', text: 'hi' } },
  ];

  const res = await api('chat.postMessage')
    .set('Authorization', `Bearer ${BOT_TOKEN}`)
    .send({ channel: 'general', blocks });

  expect(res.body).toMatchObject({ ok: true, message: { blocks } });
  expect(slack.state.messagesIn('general')[0].blocks).toEqual(blocks);
});

it('takes the token from a form field, but not from a JSON body', async () => {
  const form = await api('auth.test').type('form').send({ token: BOT_TOKEN });
  const json = await api('auth.test').send({ token: BOT_TOKEN });

  expect(form.body).toMatchObject({ ok: true, user: 'runway' });
  expect(json.body).toEqual({ ok: false, error: 'not_authed' });
});

it('reports errors with HTTP 200, including a malformed body', async () => {
  const badToken = await api('auth.test').set(
    'Authorization',
    'Bearer xoxb-nope',
  );
  const badJson = await api('auth.test')
    .set('Authorization', `Bearer ${BOT_TOKEN}`)
    .set('Content-Type', 'application/json')
    .send('{"channel":');
  const badBlocks = await api('chat.postMessage')
    .type('form')
    .send({ token: BOT_TOKEN, channel: 'general', blocks: '[{"type":' });

  expect([badToken.status, badJson.status, badBlocks.status]).toEqual([
    200, 200, 200,
  ]);
  expect(badToken.body).toEqual({ ok: false, error: 'invalid_auth' });
  expect(badJson.body).toEqual({ ok: false, error: 'invalid_json' });
  expect(badBlocks.body).toEqual({ ok: false, error: 'invalid_blocks_format' });
  expect(slack.state.messagesIn('general')).toEqual([]);
});

it('answers an injected rate limit with 429, Retry-After and error ratelimited', async () => {
  slack.faults.inject({
    target: 'auth.test',
    status: 429,
    retryAfterSeconds: 7,
  });

  const limited = await api('auth.test').set(
    'Authorization',
    `Bearer ${BOT_TOKEN}`,
  );
  const next = await api('auth.test').set(
    'Authorization',
    `Bearer ${BOT_TOKEN}`,
  );

  expect(limited.status).toBe(429);
  expect(limited.headers['retry-after']).toBe('7');
  expect(limited.body).toEqual({ ok: false, error: 'ratelimited' });
  expect(next.body).toMatchObject({ ok: true });
});

it('holds an answer back for an injected delay', async () => {
  slack.faults.inject({ target: 'auth.test', delayMs: 300 });
  const started = Date.now();

  const res = await api('auth.test').set(
    'Authorization',
    `Bearer ${BOT_TOKEN}`,
  );

  expect(res.body).toMatchObject({ ok: true });
  expect(Date.now() - started).toBeGreaterThanOrEqual(280);
});
