/**
 * The identity-provider stand-in playing Entra ID in the web view (`/idp/entra`): its users with
 * their state and the Graph notifications about them, Runway's subscriptions (with a button that
 * sends a lifecycle notification), a form to hire someone, and per person the admin center's
 * "Block sign-in", "Delete" and, for a deleted user, "Delete permanently". Plain POST forms,
 * refused from another site, like the Okta page.
 */
import express, { Request, Response } from 'express';
import type { Org } from '../../seed/loadOrg';
import { formatTime } from '../../web/format';
import { SafeHtml, html } from '../../web/html';
import { sendPage } from '../../web/layout';
import {
  FIELDS,
  FormChange,
  Notice,
  PageOptions,
  answerForm,
  deliveriesSection,
  hireForm,
  hiresFirst,
  pageIntro,
  peopleTable,
  personCell,
  personDeliveriesCell,
  settingsBox,
  stateCell,
  typedValues,
} from '../idpPage';
import { HireInput } from '../OktaState';
import { EntraChange, EntraState, EntraUser, userState } from './EntraState';
import type { EntraApp } from './graphRouter';
import type { GraphDelivery } from './GraphSubscriptions';

/** Runway's Graph mapping reads no time zone: the team's is used. */
const ENTRA_FIELDS = FIELDS.filter(f => f.name !== 'timeZone');

const STATE_CLASS: Record<string, string> = {
  enabled: 'state-open',
  disabled: 'state-draft',
  deleted: 'state-closed',
};

const ACTIONS: Record<
  string,
  {
    label: string;
    verb: string;
    run: (e: EntraState, id: string) => Promise<EntraChange>;
  }
> = {
  disable: {
    label: 'Block sign-in',
    verb: 'Blocked sign-in of',
    run: (e, id) => e.disable(id),
  },
  delete: { label: 'Delete', verb: 'Deleted', run: (e, id) => e.delete(id) },
  purge: {
    label: 'Delete permanently',
    verb: 'Deleted permanently',
    run: (e, id) => e.purge(id),
  },
};

/** What the admin center offers for a user in each state. */
const AVAILABLE: Record<string, string[]> = {
  enabled: ['disable', 'delete'],
  disabled: ['delete'],
  deleted: ['purge'],
};

function actionButtons(user: EntraUser): SafeHtml[] {
  const available = AVAILABLE[userState(user)];
  return available.map(
    action => html`<form
      class="inline"
      method="post"
      action="/idp/entra/users/${encodeURIComponent(user.id)}/${action}"
    >
      <button class="danger" type="submit">${ACTIONS[action].label}</button>
    </form>`,
  );
}

function renderPage(
  entra: EntraState,
  app: EntraApp,
  org: Org,
  res: Response,
  options: PageOptions = {},
) {
  const deliveries = entra.deliveries();
  const all = entra.users();
  const users = hiresFirst(all);
  const names = new Map(all.map(u => [u.id, u.displayName]));
  const subscriptions = entra.subscriptions.list();
  sendPage(
    res,
    'Entra ID',
    html`${pageIntro(
        'Entra ID',
        'entra',
        html`Hiring creates the Entra ID user, provisions them into Slack as
          SCIM would, and Microsoft Graph notifies Runway's subscription on
          <code>users</code>. As the real Graph does, a new user arrives as
          <code>updated</code>, and so does a blocked sign-in or a deletion (a
          soft delete); only a permanent deletion is <code>deleted</code>.
          Runway reads the person from this Graph.`,
        options.notice,
      )}
      ${settingsBox(html`<dt>Tenant</dt>
        <dd class="mono">${app.tenantId}</dd>
        <dt>App (client) id</dt>
        <dd class="mono">
          ${app.clientId}
          <span class="muted">(the secret is the clientSecret option)</span>
        </dd>
        <dt>Graph</dt>
        <dd class="mono">/graph/v1.0</dd>
        <dt>Token endpoint</dt>
        <dd class="mono">/entra/${app.tenantId}/oauth2/v2.0/token</dd>`)}
      <h2>Subscriptions (${subscriptions.length})</h2>
      <div class="box">
        ${subscriptions.length
          ? html`<table>
              <thead>
                <tr>
                  <th>Resource</th>
                  <th>Change types</th>
                  <th>Notification URL</th>
                  <th>Expires</th>
                  <th>Lifecycle notification</th>
                </tr>
              </thead>
              <tbody>
                ${subscriptions.map(
                  s => html`<tr id="subscription-${s.id}">
                    <td>
                      ${s.resource}<br /><span class="muted small mono"
                        >${s.id}</span
                      >
                    </td>
                    <td>${s.changeType}</td>
                    <td class="mono small">${s.notificationUrl}</td>
                    <td class="small">
                      ${formatTime(
                        s.expirationDateTime,
                      )}${s.reauthorizationRequired
                        ? html`<br /><span class="status-pending"
                              >reauthorization required</span
                            >`
                        : ''}
                    </td>
                    <td>
                      ${s.lifecycleNotificationUrl
                        ? html`<form
                            class="inline"
                            method="post"
                            action="/idp/entra/subscriptions/${encodeURIComponent(
                              s.id,
                            )}/lifecycle"
                          >
                            <select name="lifecycleEvent">
                              <option value="reauthorizationRequired">
                                reauthorizationRequired
                              </option>
                              <option value="subscriptionRemoved">
                                subscriptionRemoved
                              </option>
                              <option value="missed">missed</option>
                            </select>
                            <button type="submit">Send</button>
                          </form>`
                        : html`<span class="muted small"
                            >no lifecycleNotificationUrl</span
                          >`}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<div class="empty">
              Runway has not subscribed yet: it subscribes a few seconds after
              it starts with <code>runway.onboarding.graph</code> set, and
              renews every 6 hours. Start the devstack first, or restart Runway.
            </div>`}
      </div>
      <h2>Hire someone</h2>
      ${hireForm(org, '/idp/entra/hire', ENTRA_FIELDS, options.values)}
      ${peopleTable(
        ['Person', 'GitHub', 'Department', 'State', 'Notifications', ''],
        users.map(u => {
          const state = userState(u);
          return html`<tr id="${u.id}">
            ${personCell({
              name: u.displayName,
              email: u.mail,
              id: u.id,
              startDate: u.employeeHireDate?.slice(0, 10),
            })}
            <td>${u.extensionAttribute1 ?? ''}</td>
            <td>${u.department ?? ''}</td>
            ${stateCell(
              state,
              STATE_CLASS[state],
              u.seeded,
              u.deletedDateTime ?? u.createdDateTime,
            )}
            ${personDeliveriesCell(
              deliveries.filter(d => d.userId === u.id),
              d => d.detail,
              html`<span class="muted">—</span>`,
            )}
            <td>${actionButtons(u)}</td>
          </tr>`;
        }),
      )}
      ${deliveriesSection(
        'Graph deliveries',
        deliveries,
        names,
        {
          header: 'Kind',
          cell: d => html`${d.kind} <span class="muted">${d.detail}</span>`,
        },
        "Nothing sent yet: Runway's subscription is validated first, then each change is notified.",
      )}`,
    'idp',
    options.status ?? 200,
  );
}

/** `GET /idp/entra` and the forms it posts. */
export function createEntraWebRouter(options: {
  entra: EntraState;
  app: EntraApp;
  org: Org;
}): express.Router {
  const { entra, app, org } = options;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const render = (res: Response, page: PageOptions) =>
    renderPage(entra, app, org, res, page);

  const change = (
    req: Request,
    res: Response,
    run: () => Promise<FormChange>,
    values?: Partial<Record<keyof HireInput, string>>,
  ) => answerForm(req, res, 'Entra ID', render, run, values);

  const described = async (verb: string, made: Promise<EntraChange>) => {
    const { user, problem } = await made;
    const id = encodeURIComponent(user.id);
    return {
      text: `${verb} ${user.displayName} (${user.id})`,
      location: `/idp/entra?done=${id}#${id}`,
      problem,
    };
  };

  /** What the last change did, read from the state: the person, or the lifecycle event sent. */
  const doneNotice = (req: Request): Notice | undefined => {
    const answers = (sent: GraphDelivery[]) =>
      sent.map(d => `${d.detail} ${d.status ?? 'nothing'}`).join(', ');
    const deliveries = entra.deliveries();
    const { done, sent } = req.query;
    if (typeof done === 'string') {
      const mine = deliveries.filter(d => d.userId === done);
      const user = entra.users().find(u => u.id === done);
      if (!user && !mine.length) return undefined;
      return {
        kind: 'ok',
        text: `${user?.displayName ?? done} is ${
          user ? userState(user) : 'deleted permanently'
        }${mine.length ? `; Runway answered ${answers(mine)}` : ''}.`,
      };
    }
    if (typeof sent === 'string') {
      const last = deliveries
        .filter(d => d.kind === 'lifecycle' && d.subscriptionId === sent)
        .at(-1);
      return (
        last && {
          kind: 'ok',
          text: `Sent ${
            last.detail
          } for the subscription ${sent}; Runway answered ${answers([
            last,
          ]).replace(`${last.detail} `, '')}.`,
        }
      );
    }
    return undefined;
  };

  router.get('/idp/entra', (req, res) => {
    render(res, { notice: doneNotice(req) });
  });

  router.post('/idp/entra/hire', form, (req, res, next) => {
    const values = typedValues(req.body, ENTRA_FIELDS);
    change(
      req,
      res,
      () => described('Hired', entra.hire(values as HireInput)),
      values,
    ).catch(next);
  });

  router.post('/idp/entra/users/:id/:action', (req, res, next) => {
    const action = ACTIONS[req.params.action];
    if (!action) {
      next();
      return;
    }
    change(req, res, () =>
      described(action.verb, action.run(entra, req.params.id)),
    ).catch(next);
  });

  router.post(
    '/idp/entra/subscriptions/:id/lifecycle',
    form,
    (req, res, next) => {
      const event = String((req.body ?? {}).lifecycleEvent ?? '');
      change(req, res, async () => {
        const sent = await entra.subscriptions.lifecycle(req.params.id, event);
        const id = encodeURIComponent(req.params.id);
        return {
          text: `Sent ${event} for the subscription ${req.params.id}`,
          location: `/idp/entra?sent=${id}#subscription-${id}`,
          problem: sent.problem,
        };
      }).catch(next);
    },
  );

  return router;
}
