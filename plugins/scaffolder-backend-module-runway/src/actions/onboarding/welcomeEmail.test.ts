/**
 * email:welcome:send against the devstack's SMTP stand-in, fed by real nodemailer: what arrives
 * is what a mail server would get. The .ics attachments are read back from the received mail.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Devstack, startDevstack } from '@runway/devstack';
import yaml from 'yaml';
import {
  WelcomeEmailSettings,
  createWelcomeEmailAction,
  escapeHtml,
  vtimezone,
} from './welcomeEmail';
import { examples } from './welcomeEmail.examples';
import {
  DEFAULT_ORIENTATION,
  readWelcomeEmailSettings,
} from './welcomeEmailSettings';

// Starting the devstack (forge, Slack, SMTP) takes a while on a busy machine.
jest.setTimeout(60_000);

type ReceivedMail = ReturnType<Devstack['smtp']['messages']>[number];

const SMTP_PASSWORD = 'smtp-Pa55word-never-shown';
// What a link must never be in the mail.
const SCRIPT_URL = 'javascript:alert(1)'; // eslint-disable-line no-script-url

let devstack: Devstack;
beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
}, 120_000);
afterAll(() => devstack?.stop());

function emailConfig(extra: object = {}) {
  return {
    smtp: {
      host: devstack.urls.smtpHost,
      port: devstack.urls.smtpPort,
      secure: false,
      user: 'runway',
      password: SMTP_PASSWORD,
    },
    from: 'Runway Onboarding <onboarding@acme.example>',
    handbookLinks: [
      {
        title: 'Engineering handbook',
        url: 'https://handbook.acme.example/engineering',
      },
      { title: 'How we deploy', url: 'https://handbook.acme.example/deploy' },
    ],
    firstDayTasks: ['Collect your badge at reception', 'Set up your laptop'],
    timeZone: 'Europe/Berlin',
    ...extra,
  };
}

function settings(extra: object = {}, root: object = {}): WelcomeEmailSettings {
  return readWelcomeEmailSettings(
    new ConfigReader({
      runway: { onboarding: { email: emailConfig(extra), ...root } },
    }),
  )!;
}

let hires = 0;
/** A new hire of their own per test, so each test finds its mails among the stand-in's. */
function newHire(overrides: object = {}) {
  hires += 1;
  return {
    idpUserId: `00u-test-${hires}`,
    name: 'Priya Raman',
    email: `priya.raman.${hires}@acme.example`,
    team: 'Payments',
    manager: { name: 'Tom Whitaker', email: 'tom.whitaker@acme.example' },
    buddy: { name: 'Sam Osei', email: 'sam.osei@acme.example' },
    // A Monday.
    startDate: '2026-03-02',
    timeZone: 'Europe/Berlin',
    newHirePageUrl: `https://runway.acme.example/onboarding/hire-${hires}`,
    ...overrides,
  };
}

function context(input: object, extra: object = {}) {
  const logger = mockServices.logger.mock();
  const ctx = createMockActionContext({ input: input as any, logger });
  return { ctx: Object.assign(ctx, extra), logger };
}

/** A task context whose checkpoints remember their results, as the scaffolder's do on a retry. */
function retryingContext(input: object) {
  const { ctx, logger } = context(input);
  const memo = new Map<string, unknown>();
  ctx.checkpoint = (async (opts: {
    key: string;
    fn: () => Promise<unknown>;
  }) => {
    if (!memo.has(opts.key)) memo.set(opts.key, await opts.fn());
    return memo.get(opts.key);
  }) as typeof ctx.checkpoint;
  return { ctx, logger, memo };
}

function mailsTo(address: string): ReceivedMail[] {
  return devstack.smtp.messages().filter(m => m.to.includes(address));
}

/** Everything the action said: every log call's arguments, and every output. */
function everythingSaid(
  logger: ReturnType<typeof mockServices.logger.mock>,
  ctx: { output: unknown },
): string {
  const calls = [
    logger.info,
    logger.warn,
    logger.error,
    logger.debug,
    ctx.output as jest.Mock,
  ].flatMap(fn => (fn as jest.Mock).mock.calls);
  return JSON.stringify(calls);
}

/** An .ics file's lines, unfolded (RFC 5545 3.1), and its properties by name. */
function parseIcs(content: Buffer | string) {
  const lines = content
    .toString('utf8')
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter(Boolean);
  const all = (name: string) =>
    lines.filter(l => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
  const inEvent = lines.slice(
    lines.indexOf('BEGIN:VEVENT'),
    lines.indexOf('END:VEVENT') + 1,
  );
  const event = (name: string) =>
    inEvent.filter(l => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
  return { lines, all, event };
}

async function run(
  input: object,
  action = createWelcomeEmailAction({ settings: settings() }),
) {
  const { ctx, logger } = context(input);
  await action.handler(ctx);
  return { ctx, logger };
}

describe('email:welcome:send', () => {
  it('sends one mail, in HTML and text, with three invitations in the team time zone', async () => {
    const hire = newHire({
      name: '<script>alert(1)</script>',
      team: 'Payments & <b>Risk</b>',
    });
    const { ctx, logger } = await run(hire);

    const mails = mailsTo(hire.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.from).toBe('onboarding@acme.example');
    expect(mail.cc).toEqual([
      'tom.whitaker@acme.example',
      'sam.osei@acme.example',
    ]);
    expect(mail.messageId).toBe(`<welcome.${hire.idpUserId}@acme.example>`);
    expect(ctx.output).toHaveBeenCalledWith('messageId', mail.messageId);
    expect(ctx.output).toHaveBeenCalledWith('invitations', 3);

    // User text is text in the HTML part, never markup.
    expect(mail.html).toBeDefined();
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Risk');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('Payments &amp; &lt;b&gt;Risk&lt;/b&gt;');
    for (const part of [mail.html!, mail.text!]) {
      expect(part).toContain('Tom Whitaker');
      expect(part).toContain('Sam Osei');
      expect(part).toContain('sam.osei@acme.example');
      expect(part).toContain('Collect your badge at reception');
      expect(part).toContain('https://handbook.acme.example/engineering');
      expect(part).toContain(hire.newHirePageUrl);
    }
    expect(mail.html).toContain(
      '<a href="https://handbook.acme.example/deploy">How we deploy</a>',
    );
    expect(mail.text).toContain('Welcome to Payments & <b>Risk</b>, <script>');

    expect(mail.attachments).toHaveLength(3);
    const invitations = mail.attachments.map(a => {
      expect(a.contentType).toBe('text/calendar');
      expect(a.filename).toMatch(/\.ics$/);
      return parseIcs(a.content);
    });
    const expected = [
      ['20260302T100000', '20260302T110000', 'tom.whitaker@acme.example'],
      ['20260303T140000', '20260303T150000', 'sam.osei@acme.example'],
      ['20260304T110000', '20260304T120000', 'sam.osei@acme.example'],
    ];
    invitations.forEach((ics, i) => {
      const [start, end, attendee] = expected[i];
      expect(ics.lines[0]).toBe('BEGIN:VCALENDAR');
      expect(ics.lines[ics.lines.length - 1]).toBe('END:VCALENDAR');
      expect(ics.all('METHOD')).toEqual(['METHOD:REQUEST']);
      expect(ics.all('TZID')).toEqual(['TZID:Europe/Berlin']);
      expect(ics.event('DTSTART')).toEqual([
        `DTSTART;TZID=Europe/Berlin:${start}`,
      ]);
      expect(ics.event('DTEND')).toEqual([`DTEND;TZID=Europe/Berlin:${end}`]);
      expect(ics.event('UID')).toEqual([
        `UID:welcome.${hire.idpUserId}.${i + 1}@acme.example`,
      ]);
      expect(ics.event('ORGANIZER')).toEqual([
        'ORGANIZER;CN="Runway Onboarding":mailto:onboarding@acme.example',
      ]);
      const attendees = ics.event('ATTENDEE');
      expect(attendees).toHaveLength(2);
      expect(attendees[0].toLowerCase()).toContain(`:mailto:${hire.email}`);
      expect(attendees[0]).toContain('RSVP=TRUE');
      expect(attendees[0]).toContain('PARTSTAT=NEEDS-ACTION');
      expect(attendees[1].toLowerCase()).toContain(`:mailto:${attendee}`);
    });
    expect(invitations.map(ics => ics.event('SUMMARY')[0])).toEqual([
      'SUMMARY:Welcome and laptop setup',
      'SUMMARY:Architecture tour',
      'SUMMARY:Platform and deploy walkthrough',
    ]);
    // Berlin's time zone, defined in the file: winter time, and summer time from 29 March.
    expect(invitations[0].lines).toEqual(
      expect.arrayContaining([
        'BEGIN:VTIMEZONE',
        'BEGIN:DAYLIGHT',
        'DTSTART:20260329T020000',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
      ]),
    );
    expect(everythingSaid(logger, ctx)).not.toContain(SMTP_PASSWORD);
  });

  it("writes the team's local times whatever the server's own time zone", async () => {
    // Jest's process runs in UTC and its process.env is a copy, so the mail is composed by a
    // node of its own running in Los Angeles time.
    const script = `
      const { composeWelcomeEmail, planMeetings } = require(${JSON.stringify(
        require.resolve('./welcomeEmail'),
      )});
      const { input, settings } = JSON.parse(process.env.WELCOME_EMAIL);
      const meetings = planMeetings(input, settings, input.timeZone);
      const mail = composeWelcomeEmail(input, settings, meetings);
      process.stdout.write(JSON.stringify({
        serverHour: new Date(Date.UTC(2026, 2, 2, 12)).getHours(),
        invitations: mail.attachments.map(a => a.content),
      }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        '-e',
        script,
      ],
      {
        env: {
          ...process.env,
          TZ: 'America/Los_Angeles',
          WELCOME_EMAIL: JSON.stringify({
            input: newHire({ timeZone: 'Asia/Kolkata' }),
            settings: settings(),
          }),
        },
        timeout: 120_000,
      },
    );
    const { serverHour, invitations } = JSON.parse(stdout);
    expect(serverHour).toBe(4);
    expect(
      invitations.map((ics: string) => parseIcs(ics).event('DTSTART')[0]),
    ).toEqual([
      'DTSTART;TZID=Asia/Kolkata:20260302T100000',
      'DTSTART;TZID=Asia/Kolkata:20260303T140000',
      'DTSTART;TZID=Asia/Kolkata:20260304T110000',
    ]);
  }, 150_000);

  it('moves a meeting that falls on a weekend to the next Monday', async () => {
    // A Friday start: day 1 is a Saturday, day 2 a Sunday.
    const friday = newHire({ startDate: '2026-03-06' });
    await run(friday);
    const starts = (email: string) =>
      mailsTo(email)[0].attachments.map(
        a => parseIcs(a.content).event('DTSTART')[0].split(':')[1],
      );
    expect(starts(friday.email)).toEqual([
      '20260306T100000',
      '20260309T110000',
      '20260309T140000',
    ]);

    // A Saturday start: the first day is the Monday.
    const saturday = newHire({ startDate: '2026-03-07' });
    await run(saturday);
    expect(starts(saturday.email)).toEqual([
      '20260309T100000',
      '20260309T110000',
      '20260309T140000',
    ]);
    expect(mailsTo(saturday.email)[0].text).toMatch(
      /Your first day is Monday,? 9 March 2026/,
    );
  });

  it('invites the manager to the buddy meetings when there is no buddy', async () => {
    const hire = newHire({ buddy: undefined });
    await run(hire);
    const [mail] = mailsTo(hire.email);
    expect(mail.cc).toEqual(['tom.whitaker@acme.example']);
    for (const attachment of mail.attachments) {
      const attendees = parseIcs(attachment.content).event('ATTENDEE');
      expect(attendees).toHaveLength(2);
      expect(attendees[1].toLowerCase()).toContain(
        ':mailto:tom.whitaker@acme.example',
      );
    }
    expect(mail.text).toContain('You have no buddy yet');
  });

  it('uses the configured meetings and time zone', async () => {
    const action = createWelcomeEmailAction({
      settings: settings(
        { timeZone: 'America/New_York' },
        {
          orientation: [
            {
              title: 'Coffee with the team',
              dayOffset: 0,
              time: '09:30',
              durationMinutes: 30,
              with: 'buddy',
            },
            {
              title: 'Security training',
              dayOffset: 3,
              time: '15:00',
              durationMinutes: 90,
              with: 'manager',
            },
          ],
        },
      ),
    });
    const hire = newHire({ timeZone: undefined, startDate: '2026-06-01' });
    const { ctx } = await run(hire, action);
    expect(ctx.output).toHaveBeenCalledWith('invitations', 2);
    const [mail] = mailsTo(hire.email);
    const events = mail.attachments.map(a => parseIcs(a.content));
    expect(
      events.map(e => [e.event('DTSTART')[0], e.event('DTEND')[0]]),
    ).toEqual([
      [
        'DTSTART;TZID=America/New_York:20260601T093000',
        'DTEND;TZID=America/New_York:20260601T100000',
      ],
      [
        'DTSTART;TZID=America/New_York:20260604T150000',
        'DTEND;TZID=America/New_York:20260604T163000',
      ],
    ]);
  });

  it('writes UTC meetings as UTC times', async () => {
    const hire = newHire({ timeZone: 'UTC' });
    await run(hire);
    const [ics] = mailsTo(hire.email)[0].attachments.map(a =>
      parseIcs(a.content),
    );
    expect(ics.event('DTSTART')).toEqual(['DTSTART:20260302T100000Z']);
    expect(ics.all('BEGIN')).not.toContain('BEGIN:VTIMEZONE');
  });

  it('sends nothing the second time a retried task runs', async () => {
    const hire = newHire();
    const action = createWelcomeEmailAction({ settings: settings() });
    const { ctx, logger, memo } = retryingContext(hire);

    await action.handler(ctx);
    await action.handler(ctx);

    expect(mailsTo(hire.email)).toHaveLength(1);
    expect([...memo.keys()]).toEqual([`welcome-email-${hire.idpUserId}`]);
    const messageId = `<welcome.${hire.idpUserId}@acme.example>`;
    expect((ctx.output as jest.Mock).mock.calls).toEqual([
      ['messageId', messageId],
      ['invitations', 3],
      ['messageId', messageId],
      ['invitations', 3],
    ]);
    expect(logger.info).toHaveBeenLastCalledWith(
      expect.stringContaining('already sent by an earlier attempt'),
    );
  });

  it('gives every run for the same person the same Message-ID and UIDs', async () => {
    const first = newHire();
    const again = { ...first, email: `again.${first.email}` };
    await run(first);
    await run(again);
    const [a] = mailsTo(first.email);
    const [b] = mailsTo(again.email);
    expect(b.messageId).toBe(a.messageId);
    const uids = (m: ReceivedMail) =>
      m.attachments.map(x => parseIcs(x.content).event('UID')[0]);
    expect(uids(b)).toEqual(uids(a));
  });

  it('makes an IdP user id that cannot go in a Message-ID into one that can', async () => {
    const hire = newHire({ idpUserId: 'priya.raman@acme.example' });
    const { ctx } = await run(hire);
    const messageId = (ctx.output as jest.Mock).mock.calls[0][1];
    expect(messageId).toMatch(
      /^<welcome\.priya-raman-acme-example\.[0-9a-f]{16}@acme\.example>$/,
    );
    expect(mailsTo(hire.email)[0].messageId).toBe(messageId);
  });

  describe('refuses bad input, naming the field and the fix, and sends nothing', () => {
    it.each([
      [
        'no email',
        { email: undefined },
        /email is missing; give the new hire's e-mail address/,
      ],
      [
        'an email that is not one',
        { email: 'priya' },
        /email is not an e-mail address/,
      ],
      [
        'a startDate in another format',
        { startDate: '02/03/2026' },
        /startDate must be a date written YYYY-MM-DD/,
      ],
      [
        'a startDate not in the calendar',
        { startDate: '2026-02-30' },
        /startDate "2026-02-30" is not a day of the calendar/,
      ],
      [
        'an unknown timeZone',
        { timeZone: 'Mars/Olympus_Mons' },
        /timeZone "Mars\/Olympus_Mons" is not an IANA time zone; use a name such as Europe\/Berlin/,
      ],
      [
        'an offset as timeZone',
        { timeZone: '+01:00' },
        /timeZone "\+01:00" is not an IANA time zone/,
      ],
      [
        'no manager',
        { manager: undefined },
        /manager is missing; give the new hire's manager as \{ name, email \}/,
      ],
      [
        'a buddy without an address',
        { buddy: { name: 'Sam Osei' } },
        /buddy\.email is missing/,
      ],
      [
        'a name over two lines',
        { name: 'Priya\r\nBcc: all@acme.example' },
        /name must be one line of text/,
      ],
      [
        'a javascript: link',
        { newHirePageUrl: SCRIPT_URL },
        /newHirePageUrl must be an http\(s\) URL/,
      ],
      [
        'the hire as their own manager',
        {
          manager: { name: 'Me', email: 'SELF@acme.example' },
          email: 'self@acme.example',
        },
        /manager\.email is the new hire's own address/,
      ],
    ])('%s', async (_what, overrides, message) => {
      const before = devstack.smtp.messages().length;
      const hire = newHire(overrides);
      const { ctx } = context(hire);
      const action = createWelcomeEmailAction({ settings: settings() });

      const result = action.handler(ctx);

      await expect(result).rejects.toBeInstanceOf(InputError);
      await expect(result).rejects.toThrow(message);
      await expect(result).rejects.toThrow(/nothing was sent/);
      expect(devstack.smtp.messages()).toHaveLength(before);
      expect(ctx.output).not.toHaveBeenCalled();
    });
  });

  it('refuses to run when runway.onboarding.email is not configured', async () => {
    expect(readWelcomeEmailSettings(new ConfigReader({}))).toBeUndefined();
    const before = devstack.smtp.messages().length;
    const action = createWelcomeEmailAction({
      settings: readWelcomeEmailSettings(new ConfigReader({ runway: {} })),
    });
    await expect(action.handler(context(newHire()).ctx)).rejects.toThrow(
      'email:welcome:send is not configured: set runway.onboarding.email (at least smtp.host and from) in app-config',
    );
    expect(devstack.smtp.messages()).toHaveLength(before);
  });

  it('sends nothing in a dry run, and says what it would send', async () => {
    const hire = newHire();
    const { ctx, logger } = context(hire, { isDryRun: true });
    await createWelcomeEmailAction({ settings: settings() }).handler(ctx);

    expect(mailsTo(hire.email)).toHaveLength(0);
    expect(ctx.output).toHaveBeenCalledWith(
      'messageId',
      `<welcome.${hire.idpUserId}@acme.example>`,
    );
    expect(ctx.output).toHaveBeenCalledWith('invitations', 3);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Dry run: would send "Welcome to Payments, Priya Raman!" to .* with 3 invitations/,
      ),
    );
  });

  it('never shows the SMTP password, not even when the server cannot be reached', async () => {
    const closed = await closedPort();
    const action = createWelcomeEmailAction({
      settings: settings({
        smtp: {
          host: '127.0.0.1',
          port: closed,
          user: 'runway',
          password: SMTP_PASSWORD,
        },
      }),
    });
    const hire = newHire();
    const { ctx, logger } = context(hire);

    const error = await action.handler(ctx).then(
      () => undefined,
      e => e as Error,
    );

    expect(error?.message).toMatch(
      new RegExp(
        `Could not send the welcome mail through 127\\.0\\.0\\.1:${closed} \\((ESOCKET|ECONNECTION)\\)`,
      ),
    );
    expect(error?.message).toContain('Nothing was sent');
    expect(
      JSON.stringify({
        ...error,
        message: error?.message,
        stack: error?.stack,
      }),
    ).not.toContain(SMTP_PASSWORD);
    expect(everythingSaid(logger, ctx)).not.toContain(SMTP_PASSWORD);
    expect(mailsTo(hire.email)).toHaveLength(0);
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'example: %s — runs against the devstack',
    async (_d, example) => {
      const input = yaml.parse(example.example).steps[0].input;
      const before = mailsTo(input.email).length;
      const { ctx } = await run(input);
      expect(mailsTo(input.email)).toHaveLength(before + 1);
      expect(ctx.output).toHaveBeenCalledWith('invitations', 3);
    },
  );
});

describe('readWelcomeEmailSettings', () => {
  const read = (email: object, root: object = {}) =>
    readWelcomeEmailSettings(
      new ConfigReader({ runway: { onboarding: { email, ...root } } }),
    );

  it('fills in defaults for everything but the server and the sender', () => {
    expect(
      read({
        smtp: { host: 'smtp.acme.example' },
        from: 'runway@acme.example',
      }),
    ).toEqual({
      smtp: {
        host: 'smtp.acme.example',
        port: 587,
        secure: false,
        auth: undefined,
      },
      from: { name: undefined, address: 'runway@acme.example' },
      handbookLinks: [],
      firstDayTasks: expect.arrayContaining([expect.any(String)]),
      orientation: DEFAULT_ORIENTATION,
      timeZone: 'UTC',
    });
    expect(DEFAULT_ORIENTATION.length).toBeGreaterThanOrEqual(3);
    expect(
      read({
        smtp: { host: 'smtp.acme.example', port: 465 },
        from: 'runway@acme.example',
      })!.smtp,
    ).toMatchObject({ port: 465, secure: true });
  });

  it.each([
    [
      { smtp: {}, from: 'runway@acme.example' },
      {},
      /runway\.onboarding\.email\.smtp\.host/,
    ],
    [{ smtp: { host: 'smtp' } }, {}, /runway\.onboarding\.email\.from/],
    [
      { smtp: { host: 'smtp' }, from: 'Runway' },
      {},
      /runway\.onboarding\.email\.from must be an e-mail address/,
    ],
    [
      {
        smtp: { host: 'smtp', password: SMTP_PASSWORD },
        from: 'r@acme.example',
      },
      {},
      /smtp\.user and runway\.onboarding\.email\.smtp\.password go together/,
    ],
    [
      { smtp: { host: 'smtp' }, from: 'r@acme.example', timeZone: 'Berlin' },
      {},
      /runway\.onboarding\.email\.timeZone "Berlin" is not an IANA time zone/,
    ],
    [
      {
        smtp: { host: 'smtp' },
        from: 'r@acme.example',
        handbookLinks: [{ title: 'x', url: SCRIPT_URL }],
      },
      {},
      /handbookLinks\[0\]\.url must be an http\(s\) URL/,
    ],
    [
      { smtp: { host: 'smtp' }, from: 'r@acme.example' },
      { orientation: [] },
      /runway\.onboarding\.orientation is empty/,
    ],
    [
      { smtp: { host: 'smtp' }, from: 'r@acme.example' },
      {
        orientation: [
          {
            title: 'x',
            dayOffset: 0,
            time: '9:30',
            durationMinutes: 30,
            with: 'buddy',
          },
        ],
      },
      /orientation\[0\]\.time must be a 24-hour local time HH:MM/,
    ],
    [
      { smtp: { host: 'smtp' }, from: 'r@acme.example' },
      {
        orientation: [
          {
            title: 'x',
            dayOffset: 0,
            time: '09:30',
            durationMinutes: 30,
            with: 'ceo',
          },
        ],
      },
      /orientation\[0\]\.with must be 'buddy' or 'manager'/,
    ],
  ])(
    'names the key that is wrong and how to fix it (case %#)',
    (email, root, message) => {
      let thrown: Error | undefined;
      try {
        read(email, root);
      } catch (e) {
        thrown = e as Error;
      }
      expect(thrown?.message).toMatch(message);
      expect(thrown?.message).not.toContain(SMTP_PASSWORD);
    },
  );
});

describe('helpers', () => {
  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('defines a zone without daylight saving time with one observance', () => {
    expect(vtimezone('Asia/Kolkata', 2026, 2026).split('\r\n')).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Kolkata',
      'BEGIN:STANDARD',
      'DTSTART:20260101T000000',
      'TZOFFSETFROM:+0530',
      'TZOFFSETTO:+0530',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
  });

  it("defines a southern zone's summer time", () => {
    // Sydney leaves summer time on 5 April 2026 at 03:00 and starts it on 4 October at 02:00.
    const lines = vtimezone('Australia/Sydney', 2026, 2026).split('\r\n');
    expect(lines.slice(2, 17)).toEqual([
      'BEGIN:DAYLIGHT',
      'DTSTART:20260101T000000',
      'TZOFFSETFROM:+1100',
      'TZOFFSETTO:+1100',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20260405T030000',
      'TZOFFSETFROM:+1100',
      'TZOFFSETTO:+1000',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:20261004T020000',
      'TZOFFSETFROM:+1000',
      'TZOFFSETTO:+1100',
      'END:DAYLIGHT',
    ]);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}
