/**
 * The identity-provider stand-in in the web view (`/idp`): the people Okta holds with their
 * status and the event hook deliveries about them, a form to hire someone and a "Let go" button
 * per person. Server-rendered like the rest of the web view, through `html` (every value
 * escaped), with plain POST forms: the web view itself stays read-only, these two forms are the
 * identity provider's admin console. A POST from another site is refused.
 */
import express, { Request, Response } from 'express';
import type { Org } from '../seed/loadOrg';
import { formatTime } from '../web/format';
import { HtmlValue, SafeHtml, html, trustedHtml } from '../web/html';
import { sendPage, setHtmlHeaders } from '../web/layout';
import type { OktaDelivery } from './eventHook';
import { HireInput, IdpError, OktaChange, OktaState } from './OktaState';
import { crossSiteRequest } from './sameOrigin';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export interface HireField {
  name: keyof HireInput;
  label: string;
  type: string;
  required: boolean;
  list?: string;
  placeholder?: string;
}

/** The hire form's fields, in both identity providers' admin consoles. */
export const FIELDS: HireField[] = [
  {
    name: 'name',
    label: 'Full name',
    type: 'text',
    required: true,
    placeholder: 'Ada Lovelace',
  },
  {
    name: 'email',
    label: 'Work e-mail',
    type: 'email',
    required: true,
    placeholder: 'ada.lovelace@acme.example',
  },
  {
    name: 'githubLogin',
    label: 'GitHub login',
    type: 'text',
    required: true,
    placeholder: 'ada-lovelace',
  },
  {
    name: 'team',
    label: 'Team',
    type: 'text',
    required: true,
    list: 'idp-teams',
  },
  {
    name: 'managerEmail',
    label: 'Manager’s e-mail',
    type: 'email',
    required: true,
    list: 'idp-people',
  },
  {
    name: 'buddyEmail',
    label: 'Buddy’s e-mail (optional)',
    type: 'email',
    required: false,
    list: 'idp-people',
  },
  { name: 'startDate', label: 'Start date', type: 'date', required: true },
  {
    name: 'timeZone',
    label: 'Time zone (optional)',
    type: 'text',
    required: false,
    placeholder: 'the team’s',
  },
];

const STATUS_CLASS: Record<string, string> = {
  ACTIVE: 'state-open',
  STAGED: 'state-draft',
  DEPROVISIONED: 'state-closed',
};

const EVENT_LABEL: Record<OktaDelivery['kind'], string> = {
  verification: 'verification',
  'user.lifecycle.create': 'create',
  'user.lifecycle.activate': 'activate',
  'user.lifecycle.deactivate': 'deactivate',
};

/** The status Runway answered a delivery with, green or red; both consoles show deliveries so. */
export function deliveryStatus(d: { ok: boolean; status?: number }): SafeHtml {
  return html`<span class="${d.ok ? 'status-success' : 'status-failure'}"
    >${d.status === undefined ? 'no answer' : String(d.status)}</span
  >`;
}

/** No delivery about a person: none was due (staff from the seed), or the hook failed. */
function emptyHookCell(seeded: boolean): SafeHtml {
  return seeded
    ? html`<span class="muted">—</span>`
    : html`<span class="status-failure">nothing sent</span>`;
}

function inTwoWeeks(): string {
  return new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
}

/** The choice of identity provider at the top of its pages. */
export function idpTabs(active: 'okta' | 'entra'): SafeHtml {
  return html`<nav class="tabs" aria-label="Identity provider">
    <a href="/idp" ${active === 'okta' ? trustedHtml('class="active"') : ''}
      >Okta</a
    ><a
      href="/idp/entra"
      ${active === 'entra' ? trustedHtml('class="active"') : ''}
      >Entra ID</a
    >
  </nav>`;
}

export function noticeHtml(notice: Notice | undefined): SafeHtml | string {
  return notice
    ? html`<div class="notice ${notice.kind}" role="status">
        ${notice.text}
      </div>`
    : '';
}

/** What a console's page is rendered with: the status, the notice, what the hire form had typed. */
export interface PageOptions {
  status?: number;
  notice?: Notice;
  values?: Partial<Record<keyof HireInput, string>>;
}

/** Both consoles list people so: hires first, newest on top; then the staff seeded from the demo org. */
export function hiresFirst<T extends { seeded: boolean }>(all: T[]): T[] {
  return [
    ...all.filter(u => !u.seeded).reverse(),
    ...all.filter(u => u.seeded),
  ];
}

/**
 * The top of both consoles' pages: which provider the stand-in plays, the tabs between them, what
 * the page does (`about`) and the notice of the last change.
 */
export function pageIntro(
  provider: string,
  active: 'okta' | 'entra',
  about: SafeHtml,
  notice: Notice | undefined,
): SafeHtml {
  return html`<h1>
      Identity provider <span class="muted small">playing ${provider}</span>
    </h1>
    ${idpTabs(active)}
    <p class="muted">${about}</p>
    ${noticeHtml(notice)}`;
}

/** The settings box of both consoles: `rows` are the `<dt>`/`<dd>` pairs of its list. */
export function settingsBox(rows: SafeHtml): SafeHtml {
  return html`<div class="box">
    <div class="head"><strong>Settings</strong></div>
    <div class="body">
      <dl class="meta">${rows}</dl>
    </div>
  </div>`;
}

/** The people table of both consoles, one row per person under `headers`. */
export function peopleTable(headers: string[], rows: SafeHtml[]): SafeHtml {
  return html`<h2>People (${rows.length})</h2>
    <div class="box">
      <table>
        <thead>
          <tr>
            ${headers.map(h => html`<th>${h}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>`;
}

/** A person's first cell in both people tables: name, e-mail, id and start date. */
export function personCell(person: {
  name: string;
  email: string;
  id: string;
  startDate?: string;
}): SafeHtml {
  return html`<td>
    ${person.name}<br /><span class="muted small"
      >${person.email} ·
      <span class="mono">${person.id}</span>${person.startDate
        ? html` · starts ${person.startDate}`
        : ''}</span
    >
  </td>`;
}

/** A person's state cell in both people tables: the badge, and since when (or that they are seed staff). */
export function stateCell(
  state: string,
  className: string,
  seeded: boolean,
  since: string,
): SafeHtml {
  return html`<td>
    <span class="badge ${className}">${state}</span><br /><span
      class="muted small"
      >${seeded ? 'staff before the devstack' : formatTime(since)}</span
    >
  </td>`;
}

/** The deliveries about one person, in both people tables: each labelled with its status, or `none`. */
export function personDeliveriesCell<
  D extends { ok: boolean; status?: number },
>(mine: D[], label: (d: D) => string, none: SafeHtml): SafeHtml {
  return html`<td class="small">
    ${mine.length
      ? mine.map(d => html`<div>${label(d)} ${deliveryStatus(d)}</div>`)
      : none}
  </td>`;
}

/** What both consoles list of a delivery (Okta's and Graph's have these alike). */
type ListedDelivery = Pick<
  OktaDelivery,
  'userId' | 'url' | 'sentAt' | 'status' | 'error' | 'ok'
>;

/**
 * The section listing every delivery of a console, newest on top: `first` is its own first column
 * (the event or kind), `names` the people's names by id, `empty` what is said before the first.
 */
export function deliveriesSection<D extends ListedDelivery>(
  title: string,
  deliveries: D[],
  names: Map<string, string>,
  first: { header: string; cell: (d: D) => HtmlValue },
  empty: HtmlValue,
): SafeHtml {
  return html`<h2>${title} (${deliveries.length})</h2>
    <div class="box">
      ${deliveries.length
        ? html`<table>
            <thead>
              <tr>
                <th>${first.header}</th>
                <th>Person</th>
                <th>URL</th>
                <th>Status</th>
                <th>Time</th>
              </tr>
            </thead>
            <tbody>
              ${[...deliveries].reverse().map(
                d => html`<tr>
                  <td>${first.cell(d)}</td>
                  <td>${d.userId ? names.get(d.userId) ?? d.userId : ''}</td>
                  <td class="mono small">${d.url}</td>
                  <td>
                    ${deliveryStatus(d)}${d.error
                      ? html`<br /><span class="small">${d.error}</span>`
                      : ''}
                  </td>
                  <td class="muted small">${formatTime(d.sentAt)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<div class="empty">${empty}</div>`}
    </div>`;
}

/** A change a console's form asks for: what was done, where the page shows it, why Runway was not told. */
export interface FormChange {
  text: string;
  location: string;
  problem?: string;
}

/**
 * Answers a form either console posted, as both must: refused (403) from another site; the page
 * with a 502 when the change was made but Runway was not told; the page with the refusal (and what
 * was typed) when the provider refused; otherwise a redirect to where the page shows the change.
 */
export async function answerForm(
  req: Request,
  res: Response,
  provider: string,
  render: (res: Response, page: PageOptions) => void,
  run: () => Promise<FormChange>,
  values?: Partial<Record<keyof HireInput, string>>,
): Promise<void> {
  if (crossSiteRequest(req)) {
    render(res, {
      status: 403,
      notice: {
        kind: 'error',
        text: 'Refused: this form was posted from another site.',
      },
    });
    return;
  }
  try {
    const result = await run();
    if (result.problem) {
      render(res, {
        status: 502,
        notice: {
          kind: 'error',
          text: `${result.text} in ${provider}, but Runway was not told: ${result.problem}`,
        },
      });
      return;
    }
    // Post/redirect/get; the page says what happened from the state, not from the address.
    setHtmlHeaders(res);
    res.redirect(303, result.location);
  } catch (error) {
    if (!(error instanceof IdpError)) throw error;
    render(res, {
      status: error.status,
      notice: { kind: 'error', text: error.message },
      values,
    });
  }
}

/** The hire form (posting to `action`) with the teams and people to pick from. */
export function hireForm(
  org: Org,
  action: string,
  fields: HireField[],
  typed: Partial<Record<keyof HireInput, string>> = {},
): SafeHtml {
  const values = { startDate: inTwoWeeks(), ...typed } as Partial<
    Record<keyof HireInput, string>
  >;
  return html`<div class="box">
      <form class="fields" method="post" action="${action}">
        ${fields.map(
          f =>
            html`<label for="idp-${f.name}">${f.label}</label
              ><input
                id="idp-${f.name}"
                name="${f.name}"
                type="${f.type}"
                value="${values[f.name] ?? ''}"
                ${f.required ? trustedHtml(' required') : ''}${f.list
                  ? html` list="${f.list}"`
                  : ''}${f.placeholder
                  ? html` placeholder="${f.placeholder}"`
                  : ''}
              />`,
        )}
        <span></span
        ><span><button class="primary" type="submit">Hire</button></span>
      </form>
    </div>
    <datalist id="idp-teams">
      ${org.teams.map(
        t => html`<option value="${t.name}">${t.displayName}</option>`,
      )}
    </datalist>
    <datalist id="idp-people">
      ${org.users.map(
        u => html`<option value="${u.email}">${u.displayName}</option>`,
      )}
    </datalist>`;
}

/** What the hire form posted, as strings (missing ones empty). */
export function typedValues(
  body: unknown,
  fields: HireField[],
): Partial<Record<keyof HireInput, string>> {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    fields.map(f => [f.name, typeof b[f.name] === 'string' ? b[f.name] : '']),
  ) as Partial<Record<keyof HireInput, string>>;
}

function renderPage(
  okta: OktaState,
  org: Org,
  res: Response,
  options: PageOptions = {},
) {
  const deliveries = okta.deliveries();
  const all = okta.users();
  const users = hiresFirst(all);
  const names = new Map(all.map(u => [u.id, u.profile.displayName]));
  const settings = okta.hook.settings;
  const verified = deliveries.some(
    d => d.kind === 'verification' && d.ok && d.url === settings.url,
  );
  sendPage(
    res,
    'Okta',
    html`${pageIntro(
        'Okta',
        'okta',
        html`Hiring creates the Okta user, provisions them into Slack as SCIM
          would, and sends Okta's event hook deliveries
          <code>user.lifecycle.create</code> and
          <code>user.lifecycle.activate</code> to Runway; letting go deactivates
          the user and sends <code>user.lifecycle.deactivate</code>. Runway
          reads the person from this Okta's Users API.`,
        options.notice,
      )}
      ${settingsBox(html`<dt>Org URL</dt>
        <dd class="mono">${okta.orgUrl}</dd>
        <dt>Event hook</dt>
        <dd class="mono">
          ${settings.url}
          <span class="muted"
            >(${verified ? 'verified' : 'not verified yet'})</span
          >
        </dd>
        <dt>Hook header</dt>
        <dd class="mono">
          ${settings.header}
          <span class="muted">(the secret is the hookSecret option)</span>
        </dd>`)}
      <h2>Hire someone</h2>
      ${hireForm(org, '/idp/hire', FIELDS, options.values)}
      ${peopleTable(
        ['Person', 'GitHub', 'Team', 'Status', 'Event hook', ''],
        users.map(
          u => html`<tr id="${u.id}">
            ${personCell({
              name: u.profile.displayName,
              email: u.profile.email,
              id: u.id,
              startDate: u.profile.startDate,
            })}
            <td>${u.profile.githubUsername ?? ''}</td>
            <td>${u.profile.team ?? ''}</td>
            ${stateCell(
              u.status,
              STATUS_CLASS[u.status] ?? '',
              u.seeded,
              u.statusChanged,
            )}
            ${personDeliveriesCell(
              deliveries.filter(d => d.userId === u.id),
              d => EVENT_LABEL[d.kind],
              emptyHookCell(u.seeded),
            )}
            <td>
              ${u.status === 'DEPROVISIONED'
                ? ''
                : html`<form
                    class="inline"
                    method="post"
                    action="/idp/users/${encodeURIComponent(u.id)}/deactivate"
                  >
                    <button class="danger" type="submit">Let go</button>
                  </form>`}
            </td>
          </tr>`,
        ),
      )}
      ${deliveriesSection(
        'Event hook deliveries',
        deliveries,
        names,
        { header: 'Event', cell: d => d.kind },
        'Nothing sent yet: the first hire verifies the hook, then delivers.',
      )}`,
    'idp',
    options.status ?? 200,
  );
}

/** `GET /idp` and the two forms it posts. */
export function createIdpWebRouter(options: {
  okta: OktaState;
  org: Org;
}): express.Router {
  const { okta, org } = options;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  const render = (res: Response, page: PageOptions) =>
    renderPage(okta, org, res, page);

  const change = (
    req: Request,
    res: Response,
    verb: string,
    run: () => Promise<OktaChange>,
    values?: Partial<Record<keyof HireInput, string>>,
  ) =>
    answerForm(
      req,
      res,
      'Okta',
      render,
      async () => {
        const { user, problem } = await run();
        const id = encodeURIComponent(user.id);
        return {
          text: `${verb} ${user.profile.displayName} (${user.id})`,
          location: `/idp?done=${id}#${id}`,
          problem,
        };
      },
      values,
    );

  router.get('/idp', (req, res) => {
    const done =
      typeof req.query.done === 'string'
        ? okta.user(req.query.done)
        : undefined;
    const sent = done
      ? okta.deliveries().filter(d => d.userId === done.id)
      : [];
    renderPage(okta, org, res, {
      notice: done && {
        kind: 'ok',
        text: `${done.profile.displayName} is ${done.status}${
          sent.length
            ? `; Runway answered ${sent
                .map(d => `${EVENT_LABEL[d.kind]} ${d.status ?? 'nothing'}`)
                .join(', ')}`
            : ''
        }.`,
      },
    });
  });

  router.post('/idp/hire', form, (req, res, next) => {
    const values = typedValues(req.body, FIELDS);
    change(
      req,
      res,
      'Hired',
      () => okta.hire(values as HireInput),
      values,
    ).catch(next);
  });

  router.post('/idp/users/:id/deactivate', (req, res, next) => {
    change(req, res, 'Let go of', () => okta.letGo(req.params.id)).catch(next);
  });

  return router;
}
