/**
 * What `email:welcome:send` reads from app-config once, at startup: the SMTP server and sender
 * (`runway.onboarding.email`), the welcome mail's content (handbook links, first-day tasks, the
 * team's default time zone) and the first week's orientation meetings (`runway.onboarding.orientation`).
 * Everything but the SMTP server and the sender has a default, so the golden path works with only
 * those two set. A key that is set but wrong stops the backend with the key's name; the SMTP
 * password is never part of any message.
 */
import { Config } from '@backstage/config';
import { readFirstDayTasks } from '@runway/plugin-onboarding-common';

/** Who attends an orientation meeting besides the new hire. */
export type OrientationAttendee = 'buddy' | 'manager';

export interface OrientationMeeting {
  title: string;
  /** Days after the start date: 0 is the first day. A day on a weekend moves to the next Monday. */
  dayOffset: number;
  /** Local time in the team's time zone, HH:MM (24-hour clock). */
  time: string;
  durationMinutes: number;
  /** 'buddy' goes to the manager when the new hire has no buddy. */
  with: OrientationAttendee;
}

export interface WelcomeEmailSettings {
  smtp: {
    host: string;
    port: number;
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: boolean;
    /** Undefined when the server takes mail without logging in. */
    auth?: { user: string; password: string };
  };
  /** The sender, and the organizer of the orientation meetings. */
  from: { name?: string; address: string };
  handbookLinks: Array<{ title: string; url: string }>;
  firstDayTasks: string[];
  orientation: OrientationMeeting[];
  /** IANA time zone of the meetings when the template gives none. */
  timeZone: string;
}

export const EMAIL_CONFIG_KEY = 'runway.onboarding.email';
export const ORIENTATION_CONFIG_KEY = 'runway.onboarding.orientation';

export const DEFAULT_TIME_ZONE = 'UTC';

export const DEFAULT_ORIENTATION: OrientationMeeting[] = [
  {
    title: 'Welcome and laptop setup',
    dayOffset: 0,
    time: '10:00',
    durationMinutes: 60,
    with: 'manager',
  },
  {
    title: 'Architecture tour',
    dayOffset: 1,
    time: '14:00',
    durationMinutes: 60,
    with: 'buddy',
  },
  {
    title: 'Platform and deploy walkthrough',
    dayOffset: 2,
    time: '11:00',
    durationMinutes: 60,
    with: 'buddy',
  },
];

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const ADDRESS_PATTERN = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/**
 * Undefined when `runway.onboarding.email` is not configured: the action is still registered and
 * refuses at run time, saying which key to set, so a portal without mail still starts.
 */
export function readWelcomeEmailSettings(
  config: Config,
): WelcomeEmailSettings | undefined {
  const email = config.getOptionalConfig(EMAIL_CONFIG_KEY);
  if (!email) return undefined;
  return {
    smtp: readSmtp(email.getConfig('smtp')),
    from: parseSender(email.getString('from'), `${EMAIL_CONFIG_KEY}.from`),
    handbookLinks: (email.getOptionalConfigArray('handbookLinks') ?? []).map(
      (link, i) => {
        const key = `${EMAIL_CONFIG_KEY}.handbookLinks[${i}]`;
        const url = link.getString('url');
        if (!isWebUrl(url)) {
          throw new Error(
            `${key}.url must be an http(s) URL; got ${JSON.stringify(url)}.`,
          );
        }
        return { title: link.getString('title'), url };
      },
    ),
    // One home with the new-hire page, which lets the hire tick them off.
    firstDayTasks: readFirstDayTasks(config),
    orientation: readOrientation(config),
    timeZone: readTimeZone(email),
  };
}

function readSmtp(smtp: Config): WelcomeEmailSettings['smtp'] {
  const key = `${EMAIL_CONFIG_KEY}.smtp`;
  const port = smtp.getOptionalNumber('port');
  if (
    port !== undefined &&
    !(Number.isInteger(port) && port > 0 && port < 65536)
  ) {
    throw new Error(`${key}.port must be a TCP port (1-65535); got ${port}.`);
  }
  const secure = smtp.getOptionalBoolean('secure') ?? port === 465;
  const user = smtp.getOptionalString('user');
  // Read, never echoed: not in an error, a log line or an output.
  const password = smtp.getOptionalString('password');
  if (Boolean(user) !== Boolean(password)) {
    throw new Error(
      `${key}.user and ${key}.password go together: set both to log in to the SMTP server, or neither.`,
    );
  }
  return {
    host: smtp.getString('host'),
    port: port ?? (secure ? 465 : 587),
    secure,
    auth: user && password ? { user, password } : undefined,
  };
}

function readTimeZone(email: Config): string {
  const configured = email.getOptionalString('timeZone');
  if (configured === undefined) return DEFAULT_TIME_ZONE;
  const zone = canonicalTimeZone(configured);
  if (!zone) {
    throw new Error(
      `${EMAIL_CONFIG_KEY}.timeZone ${JSON.stringify(
        configured,
      )} is not an IANA time zone; use a name such as Europe/Berlin or America/New_York.`,
    );
  }
  return zone;
}

function readOrientation(config: Config): OrientationMeeting[] {
  const meetings = config.getOptionalConfigArray(ORIENTATION_CONFIG_KEY);
  if (!meetings) return DEFAULT_ORIENTATION;
  if (meetings.length === 0) {
    throw new Error(
      `${ORIENTATION_CONFIG_KEY} is empty; list at least one meeting, or remove the key to use Runway's three default meetings.`,
    );
  }
  return meetings.map((meeting, i) => {
    const key = `${ORIENTATION_CONFIG_KEY}[${i}]`;
    const title = meeting.getString('title').trim();
    const dayOffset = meeting.getNumber('dayOffset');
    const time = meeting.getString('time');
    const durationMinutes = meeting.getNumber('durationMinutes');
    const attendee = meeting.getString('with');
    if (!title)
      throw new Error(`${key}.title is empty; give the meeting a title.`);
    if (!Number.isInteger(dayOffset) || dayOffset < 0 || dayOffset > 30) {
      throw new Error(
        `${key}.dayOffset must be a whole number of days from 0 (the first day) to 30; got ${dayOffset}.`,
      );
    }
    if (!TIME_PATTERN.test(time)) {
      throw new Error(
        `${key}.time must be a 24-hour local time HH:MM such as 09:30; got ${JSON.stringify(
          time,
        )}.`,
      );
    }
    if (
      !Number.isInteger(durationMinutes) ||
      durationMinutes < 5 ||
      durationMinutes > 480
    ) {
      throw new Error(
        `${key}.durationMinutes must be a whole number from 5 to 480; got ${durationMinutes}.`,
      );
    }
    if (attendee !== 'buddy' && attendee !== 'manager') {
      throw new Error(
        `${key}.with must be 'buddy' or 'manager'; got ${JSON.stringify(
          attendee,
        )}.`,
      );
    }
    return { title, dayOffset, time, durationMinutes, with: attendee };
  });
}

/** `runway@acme.example` or `Runway <runway@acme.example>`. */
function parseSender(value: string, key: string): WelcomeEmailSettings['from'] {
  const named = /^\s*"?([^"<>]*?)"?\s*<([^<>]+)>\s*$/.exec(value);
  const name = named ? named[1].trim() || undefined : undefined;
  const address = (named ? named[2] : value).trim();
  if (!ADDRESS_PATTERN.test(address)) {
    throw new Error(
      `${key} must be an e-mail address, optionally with a name (Runway <runway@acme.example>); got ${JSON.stringify(
        value,
      )}.`,
    );
  }
  return { name, address };
}

/**
 * The canonical IANA name of a time zone (`europe/berlin` → `Europe/Berlin`), or undefined when
 * the runtime does not know it. Offsets such as `+01:00` are refused: they have no daylight
 * saving time, so a meeting would move by an hour for half the year.
 */
export function canonicalTimeZone(value: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) {
    return undefined;
  }
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: value,
    }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
