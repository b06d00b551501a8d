/**
 * What the mail view says about a calendar attachment (text/calendar, RFC 5545): each event's
 * summary and start, read from the iCalendar text without running anything in it. Folded lines
 * are unfolded and TEXT values unescaped; a start keeps the time zone it was written in.
 */

export interface CalendarEvent {
  summary?: string;
  /** `2027-01-04 10:00 (Europe/Berlin)`, `2027-01-04 09:00 UTC`, or `2027-01-04` for a whole day. */
  start?: string;
}

/** RFC 5545 §3.1: a line starting with a space or a tab continues the previous one. */
function unfold(text: string): string[] {
  return text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
}

/** RFC 5545 §3.3.11: `\\`, `\;`, `\,` and `\n` in TEXT values. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) =>
    c === 'n' || c === 'N' ? '\n' : c,
  );
}

function formatStart(params: string, value: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(
    value.trim(),
  );
  if (!m) return value;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  if (m[4] === undefined) return day;
  const time = `${day} ${m[4]}:${m[5]}`;
  if (m[7] === 'Z') return `${time} UTC`;
  const zone = /(?:^|;)TZID=("?)([^";:]+)\1/i.exec(params)?.[2];
  return zone ? `${time} (${zone})` : `${time} (floating local time)`;
}

/** The events of an iCalendar object, in order; none when it holds no VEVENT. */
export function calendarEvents(ics: string): CalendarEvent[] {
  const events: CalendarEvent[] = [];
  let current: CalendarEvent | undefined;
  for (const line of unfold(ics)) {
    const upper = line.toUpperCase();
    if (upper === 'BEGIN:VEVENT') {
      current = {};
    } else if (upper === 'END:VEVENT') {
      if (current) events.push(current);
      current = undefined;
    } else if (current) {
      const m = /^([A-Za-z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
      if (!m) continue;
      const name = m[1].toUpperCase();
      if (name === 'SUMMARY' && current.summary === undefined) {
        current.summary = unescapeText(m[3]);
      } else if (name === 'DTSTART' && current.start === undefined) {
        current.start = formatStart(m[2], m[3]);
      }
    }
  }
  return events;
}
