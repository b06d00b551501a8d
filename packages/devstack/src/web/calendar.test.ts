import { calendarEvents } from './calendar';

it('reads each event’s summary and start, with its time zone', () => {
  const ics = [
    'BEGIN:VCALENDAR',
    'METHOD:REQUEST',
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Berlin',
    'BEGIN:STANDARD',
    'DTSTART:19701025T030000',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'DTSTART;TZID=Europe/Berlin:20270104T100000',
    'SUMMARY:Welcome\\, and a tour of the codebase \\; day one',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'SUMMARY:A very long title folded by the gener',
    ' ator at 75 octets',
    'DTSTART:20270105T090000Z',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTART;VALUE=DATE:20270106',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  expect(calendarEvents(ics)).toEqual([
    {
      summary: 'Welcome, and a tour of the codebase ; day one',
      start: '2027-01-04 10:00 (Europe/Berlin)',
    },
    {
      summary: 'A very long title folded by the generator at 75 octets',
      start: '2027-01-05 09:00 UTC',
    },
    { start: '2027-01-06' },
  ]);
});

it('finds nothing in text that is not a calendar', () => {
  expect(calendarEvents('SUMMARY:not in an event\nhello')).toEqual([]);
});
