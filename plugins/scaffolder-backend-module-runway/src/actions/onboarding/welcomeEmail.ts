/**
 * `email:welcome:send` — the engineer-onboarding golden path's welcome mail. The new hire gets one
 * e-mail (HTML and plain text) with their team, their manager and buddy, the first-day tasks, the
 * handbook and a link to their new-hire page, and the first week's orientation meetings attached
 * as calendar invitations (.ics, METHOD:REQUEST) in the team's time zone. The manager and buddy
 * are copied, since they attend the meetings. A retried task never sends a second mail: the send
 * is a checkpoint, and the Message-ID and the meetings' UIDs are derived from the IdP user id, so
 * mail and calendar systems recognise a resend as the same mail and the same meetings.
 */
import crypto from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  TemplateActionOptions,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
} from 'ical-generator';
import { z } from 'zod';
import { examples } from './welcomeEmail.examples';
import {
  EMAIL_CONFIG_KEY,
  ORIENTATION_CONFIG_KEY,
  WelcomeEmailSettings,
  canonicalTimeZone,
  isWebUrl,
} from './welcomeEmailSettings';

export type { WelcomeEmailSettings } from './welcomeEmailSettings';

export interface WelcomeEmailActionOptions {
  /** Undefined when `runway.onboarding.email` is not configured: the action then refuses to run. */
  settings?: WelcomeEmailSettings;
}

export interface Person {
  name: string;
  email: string;
}

/** The action's input once validated (names trimmed, the time zone in its canonical spelling). */
export interface WelcomeEmailInput {
  idpUserId: string;
  name: string;
  email: string;
  team: string;
  manager: Person;
  buddy?: Person;
  /** YYYY-MM-DD. */
  startDate: string;
  timeZone?: string;
  newHirePageUrl: string;
}

/** An orientation meeting placed in the calendar: a date and local times in `timeZone`. */
export interface PlannedMeeting {
  title: string;
  /** YYYY-MM-DD, never a Saturday or Sunday. */
  date: string;
  /** Minutes after local midnight. */
  startMinutes: number;
  durationMinutes: number;
  timeZone: string;
  /** Who attends besides the new hire. */
  attendee: Person;
  attendeeRole: 'buddy' | 'manager';
}

const ACTION_ID = 'email:welcome:send';
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
// Names go into headers, calendar fields and the mail: one line, no control characters.
const isOneLine = (value: string) =>
  ![...value].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

type Zod = typeof z;
type ScaffolderInputSchema<K extends string> = Record<
  K,
  Extract<
    NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>,
    Record<string, unknown>
  >[string]
>;

const text = (zz: Zod, what: string, example: string) =>
  zz
    .string({
      required_error: `is missing; give ${what}, e.g. ${example}.`,
      invalid_type_error: `must be text: ${what}, e.g. ${example}.`,
      description: `${what[0].toUpperCase()}${what.slice(1)}.`,
    })
    .trim()
    .min(1, `is empty; give ${what}, e.g. ${example}.`)
    .max(200, `is longer than 200 characters; give ${what}.`)
    .refine(isOneLine, {
      message: 'must be one line of text, without control characters.',
    });

const address = (zz: Zod, whose: string, example: string) =>
  zz
    .string({
      required_error: `is missing; give ${whose} e-mail address, e.g. ${example}.`,
      invalid_type_error: `must be ${whose} e-mail address, e.g. ${example}.`,
      description: `${whose[0].toUpperCase()}${whose.slice(1)} e-mail address.`,
    })
    .trim()
    .email(
      `is not an e-mail address; give ${whose} e-mail address, e.g. ${example}.`,
    );

const person = (zz: Zod, role: 'manager' | 'buddy', example: string) =>
  zz.object(
    {
      name: text(zz, `the ${role}'s full name`, example),
      email: address(
        zz,
        `the ${role}'s`,
        `${example.toLowerCase().replace(/ /g, '.')}@acme.example`,
      ),
    },
    {
      required_error: `is missing; give the new hire's ${role} as { name, email }.`,
      invalid_type_error: `must be the ${role} as { name, email }.`,
      description:
        role === 'manager'
          ? "The new hire's manager: invited to the meetings marked 'manager', and to the buddy's when there is no buddy."
          : "The new hire's buddy: invited to the meetings marked 'buddy'. Without a buddy, the manager is.",
    },
  );

/** The schema once, for the form (JSON schema) and for the handler's own checks (messages with the fix). */
const inputSchema = {
  idpUserId: (zz: Zod) =>
    zz
      .string({
        required_error:
          "is missing; give the new hire's user id in the identity provider (it makes the Message-ID and the meetings' UIDs stable).",
        description:
          "The new hire's user id in the identity provider. The mail's Message-ID and the meetings' UIDs are derived from it, so a resend is recognised as the same mail.",
      })
      .trim()
      .min(1, "is empty; give the new hire's user id in the identity provider.")
      .max(200, 'is longer than 200 characters.')
      .refine(isOneLine, {
        message: 'must be one line of text, without control characters.',
      }),
  name: (zz: Zod) => text(zz, "the new hire's full name", 'Priya Raman'),
  email: (zz: Zod) => address(zz, "the new hire's", 'priya.raman@acme.example'),
  team: (zz: Zod) =>
    text(zz, "the team's display name", 'Payments').describe(
      'The team the new hire joins, as people call it (display name).',
    ),
  manager: (zz: Zod) => person(zz, 'manager', 'Tom Whitaker'),
  buddy: (zz: Zod) => person(zz, 'buddy', 'Sam Osei').optional(),
  startDate: (zz: Zod) =>
    zz
      .string({
        required_error:
          "is missing; give the new hire's first day as YYYY-MM-DD, e.g. 2026-03-02.",
        description:
          'The first day, YYYY-MM-DD. A meeting that falls on a weekend moves to the next Monday.',
      })
      .trim()
      .regex(
        DATE_PATTERN,
        'must be a date written YYYY-MM-DD, e.g. 2026-03-02.',
      )
      .refine(isCalendarDate, value => ({
        message: `${JSON.stringify(
          value,
        )} is not a day of the calendar; give a real date as YYYY-MM-DD.`,
      })),
  timeZone: (zz: Zod) =>
    zz
      .string({
        description: `The team's IANA time zone, e.g. Europe/Berlin; the meetings are at their local times there. Default: ${EMAIL_CONFIG_KEY}.timeZone.`,
      })
      .trim()
      .refine(
        value => canonicalTimeZone(value) !== undefined,
        value => ({
          message: `${JSON.stringify(
            value,
          )} is not an IANA time zone; use a name such as Europe/Berlin or America/New_York (not an offset or abbreviation).`,
        }),
      )
      .optional(),
  newHirePageUrl: (zz: Zod) =>
    zz
      .string({
        required_error:
          "is missing; give the link to the new hire's page in Runway.",
        description: "The new hire's page in Runway, linked from the mail.",
      })
      .trim()
      .refine(isWebUrl, {
        message:
          'must be an http(s) URL, e.g. https://runway.acme.example/onboarding/priya.raman.',
      }),
};

export function createWelcomeEmailAction(options: WelcomeEmailActionOptions) {
  const { settings } = options;
  return createTemplateAction({
    id: ACTION_ID,
    description:
      "Sends a new hire the welcome e-mail (team, manager and buddy, first-day tasks, handbook, new-hire page) with the first week's orientation meetings attached as calendar invitations in the team's time zone. A retried task never sends it twice.",
    examples,
    supportsDryRun: true,
    schema: {
      // The scaffolder calls these with its own copy of zod (v3 API, another version in
      // node_modules); the handler calls them with this package's, to check what the form did not.
      input: inputSchema as unknown as ScaffolderInputSchema<
        keyof typeof inputSchema
      >,
      output: {
        messageId: zz =>
          zz.string({
            description:
              "The mail's Message-ID; the same for every run for this IdP user.",
          }),
        invitations: zz =>
          zz.number({
            description: 'How many calendar invitations (.ics) were attached.',
          }),
      },
    },
    async handler(ctx) {
      if (!settings) {
        throw new Error(
          `${ACTION_ID} is not configured: set ${EMAIL_CONFIG_KEY} (at least smtp.host and from) in app-config. Nothing was sent.`,
        );
      }
      const input = validateInput(ctx.input);
      const timeZone = input.timeZone ?? settings.timeZone;
      const meetings = planMeetings(input, settings, timeZone);
      const mail = composeWelcomeEmail(input, settings, meetings);
      const invitations = mail.attachments.length;
      const to = [mail.to, ...mail.cc].map(p => p.email).join(', ');

      if (input.startDate < today(timeZone)) {
        ctx.logger.warn(
          `startDate ${input.startDate} is in the past in ${timeZone}; the invitations are for days that have gone.`,
        );
      }

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would send "${
            mail.subject
          }" to ${to} with ${invitations} invitations (${describeSchedule(
            meetings,
          )}); Message-ID ${mail.messageId}.`,
        );
        ctx.output('messageId', mail.messageId);
        ctx.output('invitations', invitations);
        return;
      }

      let sentNow = false;
      const sent = await ctx.checkpoint({
        key: `welcome-email-${input.idpUserId}`,
        fn: async () => {
          const result = await sendMail(settings, mail);
          sentNow = true;
          return result;
        },
      });
      if (sentNow) {
        ctx.logger.info(
          `Sent "${mail.subject}" to ${to} with ${
            sent.invitations
          } invitations (${describeSchedule(meetings)}); Message-ID ${
            sent.messageId
          }.`,
        );
      } else {
        ctx.logger.info(
          `The welcome mail for ${input.idpUserId} was already sent by an earlier attempt of this task (Message-ID ${sent.messageId}); not sending it again.`,
        );
      }
      if (sent.rejected.length) {
        const hireRefused = sent.rejected.includes(input.email.toLowerCase());
        const message = `The mail server refused ${sent.rejected.join(
          ', ',
        )}; the others got the welcome mail (Message-ID ${sent.messageId}).`;
        if (hireRefused) {
          throw new InputError(
            `email: ${message} Check the new hire's address and run the template again.`,
          );
        }
        ctx.logger.warn(message);
      }
      ctx.output('messageId', sent.messageId);
      ctx.output('invitations', sent.invitations);
    },
  });
}

/** Checks the input with the schema above; every problem names its field and how to fix it. */
export function validateInput(raw: unknown): WelcomeEmailInput {
  const schema = z.object(
    Object.fromEntries(
      Object.entries(inputSchema).map(([key, field]) => [key, field(z)]),
    ) as {
      [K in keyof typeof inputSchema]: ReturnType<(typeof inputSchema)[K]>;
    },
  );
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      issue => `${issue.path.join('.') || 'input'} ${issue.message}`,
    );
    throw new InputError(
      `${ACTION_ID} was given bad input, so nothing was sent: ${problems.join(
        ' ',
      )}`,
    );
  }
  const input = parsed.data as WelcomeEmailInput;
  const hire = input.email.toLowerCase();
  for (const role of ['manager', 'buddy'] as const) {
    if (input[role]?.email.toLowerCase() === hire) {
      throw new InputError(
        `${ACTION_ID} was given bad input, so nothing was sent: ${role}.email is the new hire's own address; give the ${role}'s.`,
      );
    }
  }
  return {
    ...input,
    timeZone: input.timeZone && canonicalTimeZone(input.timeZone),
  };
}

/**
 * The first week's meetings from the configured definitions: the start date plus the day offset,
 * a Saturday or Sunday moved to the next Monday, at the local time in `timeZone`.
 */
export function planMeetings(
  input: Pick<WelcomeEmailInput, 'startDate' | 'manager' | 'buddy'>,
  settings: Pick<WelcomeEmailSettings, 'orientation'>,
  timeZone: string,
): PlannedMeeting[] {
  return settings.orientation
    .map(meeting => {
      const attendeeRole =
        meeting.with === 'buddy' && input.buddy ? 'buddy' : 'manager';
      const [hours, minutes] = meeting.time.split(':').map(Number);
      return {
        title: meeting.title,
        date: weekdayOnOrAfter(addDays(input.startDate, meeting.dayOffset)),
        startMinutes: hours * 60 + minutes,
        durationMinutes: meeting.durationMinutes,
        timeZone,
        attendee: attendeeRole === 'buddy' ? input.buddy! : input.manager,
        attendeeRole,
      } satisfies PlannedMeeting;
    })
    .sort(
      (a, b) => a.date.localeCompare(b.date) || a.startMinutes - b.startMinutes,
    );
}

export interface WelcomeEmail {
  messageId: string;
  from: { name?: string; address: string };
  to: Person;
  cc: Person[];
  subject: string;
  html: string;
  text: string;
  attachments: Array<{ filename: string; content: string }>;
}

/** The whole mail, built before anything is sent (and in a dry run). */
export function composeWelcomeEmail(
  input: WelcomeEmailInput,
  settings: WelcomeEmailSettings,
  meetings: PlannedMeeting[],
): WelcomeEmail {
  const domain = settings.from.address.split('@').pop()!;
  const token = idToken(input.idpUserId);
  const cc: Person[] = [];
  for (const p of [input.manager, input.buddy]) {
    if (p && !cc.some(c => c.email.toLowerCase() === p.email.toLowerCase())) {
      cc.push(p);
    }
  }
  return {
    messageId: `<welcome.${token}@${domain}>`,
    from: settings.from,
    to: { name: input.name, email: input.email },
    cc,
    subject: `Welcome to ${input.team}, ${input.name}!`,
    html: renderHtml(input, settings, meetings),
    text: renderText(input, settings, meetings),
    attachments: meetings.map((meeting, i) => ({
      filename: `${String(i + 1).padStart(2, '0')}-${slug(meeting.title)}.ics`,
      content: invitation(meeting, {
        uid: `welcome.${token}.${i + 1}@${domain}`,
        organizer: settings.from,
        hire: { name: input.name, email: input.email },
        team: input.team,
        newHirePageUrl: input.newHirePageUrl,
      }),
    })),
  };
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `&`, `<`, `>`, `"` and `'` as entities: user text in the HTML part is text, never markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, c => HTML_ENTITIES[c]);
}

function renderHtml(
  input: WelcomeEmailInput,
  settings: WelcomeEmailSettings,
  meetings: PlannedMeeting[],
): string {
  const e = escapeHtml;
  const mailto = (p: Person) =>
    `<strong>${e(p.name)}</strong> (<a href="mailto:${e(p.email)}">${e(
      p.email,
    )}</a>)`;
  const people = [
    `<li>Your manager: ${mailto(input.manager)}</li>`,
    input.buddy
      ? `<li>Your buddy: ${mailto(
          input.buddy,
        )}, for every question you would rather not ask your manager</li>`
      : `<li>You have no buddy yet; ${e(
          input.manager.name,
        )} will show you around.</li>`,
  ];
  const schedule = meetings.map(
    m =>
      `<li><strong>${e(m.title)}</strong>: ${e(longDate(m.date))}, ${e(
        timeRange(m),
      )}, with ${e(m.attendee.name)}</li>`,
  );
  const tasks = settings.firstDayTasks.map(t => `<li>${e(t)}</li>`);
  const links = settings.handbookLinks.map(
    l => `<li><a href="${e(l.url)}">${e(l.title)}</a></li>`,
  );
  const signature = settings.from.name ?? 'Runway';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${e(
      `Welcome to ${input.team}`,
    )}</title></head>`,
    '<body style="font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; line-height: 1.5; max-width: 640px;">',
    `<h1 style="font-size: 22px;">Welcome to ${e(input.team)}, ${e(
      input.name,
    )}!</h1>`,
    `<p>We are glad you are joining us. Your first day is ${e(
      longDate(weekdayOnOrAfter(input.startDate)),
    )}; here is what your first week looks like.</p>`,
    '<h2 style="font-size: 18px;">Your people</h2>',
    `<ul>${people.join('')}</ul>`,
    '<h2 style="font-size: 18px;">Your first week</h2>',
    `<p>The invitations are attached: accept them to put the meetings in your calendar. Times are in ${e(
      meetings[0]?.timeZone ?? '',
    )}.</p>`,
    `<ul>${schedule.join('')}</ul>`,
    ...(tasks.length
      ? [
          '<h2 style="font-size: 18px;">On your first day</h2>',
          `<ol>${tasks.join('')}</ol>`,
        ]
      : []),
    ...(links.length
      ? [
          '<h2 style="font-size: 18px;">The handbook</h2>',
          `<ul>${links.join('')}</ul>`,
        ]
      : []),
    `<p><a href="${e(
      input.newHirePageUrl,
    )}" style="font-weight: bold;">Open your new-hire page</a>: your accounts, your team and everything above, in one place.</p>`,
    `<p>See you soon,<br>${e(signature)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
}

function renderText(
  input: WelcomeEmailInput,
  settings: WelcomeEmailSettings,
  meetings: PlannedMeeting[],
): string {
  const who = (p: Person) => `${p.name} <${p.email}>`;
  const lines = [
    `Welcome to ${input.team}, ${input.name}!`,
    '',
    `We are glad you are joining us. Your first day is ${longDate(
      weekdayOnOrAfter(input.startDate),
    )}; here is what your first week looks like.`,
    '',
    'YOUR PEOPLE',
    `- Your manager: ${who(input.manager)}`,
    input.buddy
      ? `- Your buddy: ${who(
          input.buddy,
        )}, for every question you would rather not ask your manager`
      : `- You have no buddy yet; ${input.manager.name} will show you around.`,
    '',
    'YOUR FIRST WEEK',
    `The invitations are attached: accept them to put the meetings in your calendar. Times are in ${
      meetings[0]?.timeZone ?? ''
    }.`,
    ...meetings.map(
      m =>
        `- ${m.title}: ${longDate(m.date)}, ${timeRange(m)}, with ${
          m.attendee.name
        }`,
    ),
  ];
  if (settings.firstDayTasks.length) {
    lines.push(
      '',
      'ON YOUR FIRST DAY',
      ...settings.firstDayTasks.map((t, i) => `${i + 1}. ${t}`),
    );
  }
  if (settings.handbookLinks.length) {
    lines.push(
      '',
      'THE HANDBOOK',
      ...settings.handbookLinks.map(l => `- ${l.title}: ${l.url}`),
    );
  }
  lines.push(
    '',
    `Your new-hire page: ${input.newHirePageUrl}`,
    '',
    'See you soon,',
    settings.from.name ?? 'Runway',
    '',
  );
  return lines.join('\n');
}

/** One meeting as an iCalendar invitation (METHOD:REQUEST) with its time zone's definition. */
function invitation(
  meeting: PlannedMeeting,
  context: {
    uid: string;
    organizer: WelcomeEmailSettings['from'];
    hire: Person;
    team: string;
    newHirePageUrl: string;
  },
): string {
  const [year] = meeting.date.split('-').map(Number);
  const calendar = ical({
    prodId: { company: 'Runway', product: 'onboarding', language: 'EN' },
    method: ICalCalendarMethod.REQUEST,
    // No calendar-wide zone (DTSTAMP stays UTC); the generator defines each event's TZID.
    timezone: { name: null, generator: tz => vtimezone(tz, year, year + 1) },
  });
  const start = meeting.startMinutes;
  const end = meeting.startMinutes + meeting.durationMinutes;
  calendar.createEvent({
    id: context.uid,
    sequence: 0,
    start: wallClock(meeting.date, start, meeting.timeZone),
    end: wallClock(meeting.date, end, meeting.timeZone),
    timezone: meeting.timeZone,
    summary: meeting.title,
    description: `${meeting.title} for ${context.hire.name}, new in ${context.team}, with ${meeting.attendee.name} (${meeting.attendeeRole}).\n\nNew-hire page: ${context.newHirePageUrl}`,
    url: context.newHirePageUrl,
    organizer: {
      name: context.organizer.name ?? 'Runway',
      email: context.organizer.address,
    },
    attendees: [context.hire, meeting.attendee].map(p => ({
      name: p.name,
      email: p.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: true,
    })),
  });
  return calendar.toString();
}

/**
 * A Date for ical-generator, which writes an event with a TZID as the Date's local fields: the
 * wall-clock time is put in those fields, whatever the server's own zone. (UTC events are
 * written as UTC instants, so there the wall-clock time is the instant.)
 */
function wallClock(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wanted = new Date(Date.UTC(y, m - 1, d, 0, minutes));
  if (timeZone === 'UTC') return wanted;
  const local = new Date(y, m - 1, d, 0, minutes);
  if (
    local.getFullYear() !== wanted.getUTCFullYear() ||
    local.getMonth() !== wanted.getUTCMonth() ||
    local.getDate() !== wanted.getUTCDate() ||
    local.getHours() !== wanted.getUTCHours() ||
    local.getMinutes() !== wanted.getUTCMinutes()
  ) {
    // Only inside a daylight-saving gap of the server's own zone (02:00-03:00 once a year).
    throw new Error(
      `Cannot write the meeting on ${date} at ${hhmm(
        minutes,
      )}: that time does not exist in this server's time zone; move the meeting in ${ORIENTATION_CONFIG_KEY} or run the backend in UTC.`,
    );
  }
  return local;
}

/**
 * A VTIMEZONE for `timeZone` from `fromYear` to the end of `toYear`, built from the runtime's
 * time zone data: one observance per change of UTC offset. RFC 5545 wants a definition for every
 * TZID, and Outlook does not place an event without one.
 */
export function vtimezone(
  timeZone: string,
  fromYear: number,
  toYear: number,
): string {
  const MINUTE = 60_000;
  const DAY = 24 * 60 * MINUTE;
  const begin = Date.UTC(fromYear, 0, 1);
  const stop = Date.UTC(toYear + 1, 0, 1);
  const offset = (t: number) => utcOffsetMinutes(timeZone, t);
  const changes: Array<{ at: number; from: number; to: number }> = [];
  const first = offset(begin);
  let before = first;
  for (let t = begin; t < stop; t += DAY) {
    const after = offset(t + DAY);
    if (after === before) continue;
    let lo = t;
    let hi = t + DAY;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offset(mid) === before) lo = mid;
      else hi = mid;
    }
    changes.push({ at: hi, from: before, to: after });
    before = after;
  }
  const standard = Math.min(first, ...changes.map(c => c.to));
  // DTSTART is the local time the observance begins, in the offset in force before it.
  const localTime = (at: number, from: number) =>
    new Date(at + from * MINUTE)
      .toISOString()
      .replace(/[-:]/g, '')
      .slice(0, 15);
  const observance = (start: string, from: number, to: number) => {
    const kind = to > standard ? 'DAYLIGHT' : 'STANDARD';
    return [
      `BEGIN:${kind}`,
      `DTSTART:${start}`,
      `TZOFFSETFROM:${formatOffset(from)}`,
      `TZOFFSETTO:${formatOffset(to)}`,
      `END:${kind}`,
    ];
  };
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    ...observance(`${fromYear}0101T000000`, first, first),
    ...changes.flatMap(c => observance(localTime(c.at, c.from), c.from, c.to)),
    'END:VTIMEZONE',
  ].join('\r\n');
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function utcOffsetMinutes(timeZone: string, instant: number): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      timeZoneName: 'longOffset',
    });
    offsetFormats.set(timeZone, format);
  }
  const name =
    format.formatToParts(instant).find(p => p.type === 'timeZoneName')?.value ??
    'GMT';
  // "GMT+01:00", "GMT-03:30", or "GMT" for UTC itself.
  const m = /^GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(
    2,
    '0',
  )}${String(abs % 60).padStart(2, '0')}`;
}

/** What the checkpoint stores (as JSON) and a retry replays. */
type SendResult = {
  messageId: string;
  invitations: number;
  /** Addresses the server refused (lower case); the others got the mail. */
  rejected: string[];
};

async function sendMail(
  settings: WelcomeEmailSettings,
  mail: WelcomeEmail,
): Promise<SendResult> {
  const { host, port, secure, auth } = settings.smtp;
  // Required here, not at the top: nodemailer holds about 18 MB, which a backend would otherwise
  // pay at every start for a mail sent once per hire (docs/benchmarks.md).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodemailer: typeof import('nodemailer') = require('nodemailer');
  const transport = nodemailer.createTransport({
    host,
    port,
    secure,
    auth: auth ? { user: auth.user, pass: auth.password } : undefined,
    // A password crosses the network only encrypted; the devstack's stand-in on this machine
    // offers no STARTTLS.
    requireTLS: Boolean(auth) && !secure && !isLoopback(host),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    logger: false,
    debug: false,
  });
  try {
    const info = await transport.sendMail({
      messageId: mail.messageId,
      from: mail.from.name
        ? { name: mail.from.name, address: mail.from.address }
        : mail.from.address,
      to: { name: mail.to.name, address: mail.to.email },
      cc: mail.cc.map(p => ({ name: p.name, address: p.email })),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments: mail.attachments.map(a => ({
        filename: a.filename,
        content: a.content,
        contentType: 'text/calendar; charset=utf-8; method=REQUEST',
      })),
    });
    return {
      messageId: mail.messageId,
      invitations: mail.attachments.length,
      rejected: (info.rejected ?? []).map(r => String(r).toLowerCase()),
    };
  } catch (error) {
    // A new error from the message alone: nodemailer's carries the SMTP conversation, and with it
    // the AUTH command.
    const e = error as {
      message?: string;
      code?: string;
      responseCode?: number;
    };
    const why = redact(String(e.message ?? error), auth?.password);
    if (e.code === 'EENVELOPE' && (e.responseCode ?? 0) >= 500) {
      throw new InputError(
        `email: the mail server refused the recipients (${why}); check the new hire's, manager's and buddy's addresses. Nothing was sent.`,
      );
    }
    throw new Error(
      `Could not send the welcome mail through ${host}:${port} (${
        e.code ?? 'error'
      }): ${why}. Nothing was sent; retrying the task tries again.`,
    );
  } finally {
    transport.close();
  }
}

function redact(message: string, secret?: string): string {
  if (!secret) return message;
  const forms = [secret, Buffer.from(secret).toString('base64')];
  return forms.reduce((m, form) => m.split(form).join('***'), message);
}

function isLoopback(host: string): boolean {
  return ['localhost', '127.0.0.1', '::1', '[::1]'].includes(
    host.toLowerCase(),
  );
}

function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return true; // the regex reports it
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 2000 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d
  );
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A Saturday or Sunday becomes the next Monday. */
export function weekdayOnOrAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (weekday === 6) return addDays(date, 2);
  if (weekday === 0) return addDays(date, 1);
  return date;
}

function today(timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
}

function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(Date.UTC(y, m - 1, d));
}

function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(
    m % 60,
  ).padStart(2, '0')}`;
}

function timeRange(m: PlannedMeeting): string {
  return `${hhmm(m.startMinutes)}–${hhmm(m.startMinutes + m.durationMinutes)}`;
}

function describeSchedule(meetings: PlannedMeeting[]): string {
  return meetings
    .map(
      m =>
        `${m.title} ${m.date} ${hhmm(m.startMinutes)} ${m.timeZone} with ${
          m.attendeeRole
        }`,
    )
    .join('; ');
}

/** The IdP user id as it can appear in a Message-ID and a UID: as it is when it can, else a hash. */
function idToken(idpUserId: string): string {
  if (/^[A-Za-z0-9._-]{1,64}$/.test(idpUserId)) return idpUserId;
  const hash = crypto
    .createHash('sha256')
    .update(idpUserId)
    .digest('hex')
    .slice(0, 16);
  return `${slug(idpUserId).slice(0, 40)}.${hash}`;
}

function slug(value: string): string {
  return (
    value
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}
