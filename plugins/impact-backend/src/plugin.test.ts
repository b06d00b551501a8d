/**
 * The impact plugin on a started backend, beside stand-ins of the plugins it reads (their routes,
 * answering what their APIs answer): the report computed from them, who may read it, bad input,
 * and a plugin that does not answer.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import impactPlugin from './index';

jest.setTimeout(60_000);

const PAYMENTS = 'group:default/payments';

function standIn(pluginId: string, routes: Record<string, unknown>) {
  const asked: string[] = [];
  const plugin = createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = express.Router();
          router.use((req, res) => {
            asked.push(req.url);
            const path = req.path;
            if (!(path in routes)) {
              res.status(404).json({ error: { message: 'no such route' } });
              return;
            }
            const body = routes[path];
            if (body instanceof Error) res.status(503).json({});
            else res.json(body);
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, asked };
}

const task = (
  id: string,
  template: string,
  createdAt: string,
  lastHeartbeatAt: string,
  status = 'completed',
) => ({
  id,
  spec: {
    templateInfo: { entityRef: `template:default/${template}` },
    parameters: { owner: 'payments' },
  },
  status,
  createdBy: 'user:default/ada',
  createdAt,
  lastHeartbeatAt,
});

async function start(options: {
  onboarding?: unknown;
  allowed?: boolean;
  /** The caller sees the platform team's onboarding template too. */
  seesOnboarding?: boolean;
}) {
  const scaffolder = standIn('scaffolder', {
    '/v2/tasks': {
      tasks: [
        task(
          't1',
          'new-service',
          '2026-11-02T10:00:00Z',
          '2026-11-02T10:10:00Z',
        ),
        task(
          't2',
          'new-service',
          '2026-11-03T10:00:00Z',
          '2026-11-03T10:06:00Z',
        ),
        task(
          't3',
          'ephemeral-environment',
          '2026-11-04T10:00:00Z',
          '2026-11-04T10:01:00Z',
          'failed',
        ),
        task(
          't4',
          'engineer-onboarding',
          '2026-11-05T10:00:00Z',
          '2026-11-05T10:30:00Z',
        ),
      ],
      totalTasks: 4,
    },
  });
  const delivery = standIn('delivery', {
    '/followups': {
      items: [
        {
          taskId: 't1',
          ownerTeam: PAYMENTS,
          createdAt: '2026-11-02T10:09:00Z',
          appliedAt: '2026-11-02T12:00:00Z',
        },
      ],
    },
  });
  const environments = standIn('environments', {
    '/environments': {
      items: [
        {
          name: 'pr-12',
          type: 'preview',
          ownerTeam: PAYMENTS,
          createdAt: '2026-11-02T00:00:00Z',
          expiresAt: '2026-11-09T00:00:00Z',
          tornDownAt: '2026-11-05T00:00:00Z',
          quota: { cpuCores: 2, memoryGiB: 4 },
          rates: { cpuHour: 0.05, memoryGiBHour: 0.01 },
          currency: 'EUR',
        },
      ],
    },
  });
  const onboarding = standIn('onboarding', {
    '/lead-times': options.onboarding ?? {
      hires: [
        {
          team: 'group:default/payments',
          hrEventAt: '2026-11-05T08:00:00Z',
          firstStagingDeployAt: '2026-11-06T08:00:00Z',
        },
      ],
    },
  });
  const backend = await startTestBackend({
    features: [
      impactPlugin,
      scaffolder.plugin,
      delivery.plugin,
      environments.plugin,
      onboarding.plugin,
      mockServices.database.factory(),
      catalogServiceMock.factory({
        entities: [
          // The templates the caller sees: not engineer-onboarding, whose run is left out.
          ...[
            'new-service',
            'ephemeral-environment',
            ...(options.seesOnboarding ? ['engineer-onboarding'] : []),
          ].map(name => ({
            apiVersion: 'scaffolder.backstage.io/v1beta3',
            kind: 'Template',
            metadata: { name, namespace: 'default' },
            spec: {},
          })),
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'ada', namespace: 'default' },
            relations: [{ type: 'memberOf', targetRef: PAYMENTS }],
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'bob', namespace: 'default' },
            relations: [{ type: 'memberOf', targetRef: PAYMENTS }],
          },
        ],
      }),
      mockServices.permissions.factory({
        result:
          options.allowed === false
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }),
    ],
  });
  const report = (query: string) =>
    request(backend.server)
      .get(`/api/impact/report${query}`)
      .set('Authorization', mockCredentials.user.header('user:default/ada'));
  return { backend, report, scaffolder, environments };
}

const PERIOD = '?from=2026-11-02&to=2026-11-16';

describe('the impact plugin', () => {
  it('computes the report from what each plugin answers, asked as itself', async () => {
    const { report, scaffolder, environments } = await start({});
    const res = await report(PERIOD);
    expect(res.status).toBe(200);
    const value = (id: string) =>
      res.body.figures.find((f: { id: string }) => f.id === id);
    // t1 10 min, t2 6 min: the median is 8 min
    expect(value('newServiceTask')).toMatchObject({
      value: 8 * 60_000,
      sample: 2,
      before: '2–3 weeks',
      formula: expect.stringContaining('Median'),
    });
    // t1 was submitted at 10:00 and applied at 12:00
    expect(value('newServiceApplied')).toMatchObject({ value: 2 * 3_600_000 });
    // The caller cannot see the onboarding template: neither its run nor the hires count.
    expect(value('hireFirstStagingDeploy')).toMatchObject({ sample: 0 });
    expect(
      res.body.templates.map((t: { template: string }) => t.template),
    ).toEqual([
      'template:default/new-service',
      'template:default/ephemeral-environment',
    ]);
    // 2 of 3 runs completed
    expect(value('successRate').value).toBeCloseTo(200 / 3, 10);
    // ada ran; bob did not
    expect(value('adoption')).toMatchObject({ value: 50, sample: 2 });
    // torn down 96 h early at 2 × 0.05 + 4 × 0.01 = 0.14 an hour
    expect(value('costAvoided').value).toBeCloseTo(13.44, 10);
    expect(res.body.currency).toBe('EUR');
    expect(res.body.gaps).toEqual([]);
    expect(scaffolder.asked).toEqual([
      '/v2/tasks?limit=500&offset=0&order=desc:created_at',
    ]);
    expect(environments.asked).toEqual([
      '/environments?filter=all&includeDestroyed=true',
    ]);
  });

  it('counts onboardings and their runs for a caller who may see the onboarding template', async () => {
    const { report } = await start({ seesOnboarding: true });
    const res = await report(PERIOD);
    const value = (id: string) =>
      res.body.figures.find((f: { id: string }) => f.id === id);
    // HR event 5 Nov 08:00, first staging deploy 6 Nov 08:00
    expect(value('hireFirstStagingDeploy')).toMatchObject({
      value: 24 * 3_600_000,
      sample: 1,
    });
    expect(
      res.body.templates.map((t: { template: string }) => t.template),
    ).toContain('template:default/engineer-onboarding');
  });

  it('still answers when a plugin does not, and names it', async () => {
    const { report } = await start({ onboarding: new Error('down') });
    const res = await report(PERIOD);
    expect(res.status).toBe(200);
    expect(res.body.gaps).toEqual(['onboarding: GET /lead-times answered 503']);
    expect(
      res.body.figures.find(
        (f: { id: string }) => f.id === 'hireFirstStagingDeploy',
      ),
    ).toMatchObject({ sample: 0 });
    expect(
      res.body.figures.find((f: { id: string }) => f.id === 'newServiceTask'),
    ).toMatchObject({ sample: 2 });
  });

  it('refuses a bad period or team, naming the field', async () => {
    const { report } = await start({});
    const cases: [string, RegExp][] = [
      ['?from=yesterday', /^from: "yesterday" is not a date/],
      [
        '?from=2026-11-16&to=2026-11-02',
        /^from: the period is shorter than 7 days/,
      ],
      [
        '?from=2020-01-01&to=2026-11-02',
        /^from: the period is longer than 731 days/,
      ],
      ['?team=user:default/ada', /^team: "user:default\/ada" is not a team/],
    ];
    for (const [query, message] of cases) {
      const res = await report(query);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('widens any period to whole weeks, Monday to Monday, so no window isolates one run', async () => {
    const { report } = await start({});
    const res = await report(
      '?from=2026-11-05T09:14:07.000Z&to=2026-11-05T09:14:07.001Z',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-11-02T00:00:00.000Z',
      to: '2026-11-09T00:00:00.000Z',
    });
  });

  it('answers only whom Runway’s permission policy lets read it', async () => {
    const { report } = await start({ allowed: false });
    const res = await report(PERIOD);
    expect(res.status).toBe(403);
  });
});
