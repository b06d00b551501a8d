import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { scaffolderModuleRunway } from './module';

const policies = createMockDirectory({
  content: {
    'no-latest.yaml': [
      'id: no-latest',
      'title: No latest',
      'severity: high',
      'description: Pinned images.',
      'match: { kubernetes: { kinds: [Pod] } }',
      'validations:',
      '  - expression: "!object.spec.image.endsWith(\':latest\')"',
      '    message: the image is latest',
      'remediation: pin the image',
      'link: /docs/policies',
    ].join('\n'),
  },
});
const workspace = createMockDirectory({
  content: {
    'pod.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { image: "app:latest" }\n',
  },
});

it("registers Runway's actions, with the scaffolder's auditor and the gate's config", async () => {
  const addActions = jest.fn();
  const addTemplateFilters = jest.fn();
  const auditor = mockServices.auditor.mock();
  await startTestBackend({
    extensionPoints: [
      [scaffolderActionsExtensionPoint, { addActions }],
      [
        scaffolderTemplatingExtensionPoint,
        {
          addTemplateFilters,
          addTemplateGlobals: jest.fn(),
        },
      ],
    ],
    features: [
      scaffolderModuleRunway,
      catalogServiceMock.factory(),
      auditor.factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'https://runway.acme.example' },
          runway: { policies: { dir: policies.path } },
        },
      }),
    ],
  });
  const [filters] = addTemplateFilters.mock.calls[0];
  expect(filters.slackEscape('<!channel> & <https://evil|x>')).toBe(
    '&lt;!channel&gt; &amp; &lt;https://evil|x&gt;',
  );
  const actions: TemplateAction<any, any>[] = addActions.mock.calls.flat();
  expect(actions.map(a => a.id).sort()).toEqual([
    'catalog:location:ensure',
    'catalog:owner:reassign',
    'catalog:user:ensure',
    'catalog:user:retire',
    'email:welcome:send',
    'environment:create',
    'environment:sandbox:create',
    'environment:sandbox:destroy',
    'onboarding:run:record',
    'policy:check',
    'provisioning:followup:create',
    'runway:engineer:prepare',
    'runway:offboarding:prepare',
    'runway:offboarding:report',
    'runway:service:prepare',
    'runway:team-change:prepare',
    'slack:member:add',
    'slack:member:remove',
    'slack:message:post',
    'standup:rotation:join',
    'standup:rotation:leave',
    'terraform:pr:create',
  ]);

  const gate = actions.find(a => a.id === 'policy:check')!;
  await expect(
    gate.handler(
      createMockActionContext({ input: {}, workspacePath: workspace.path }),
    ),
  ).rejects.toThrow(
    'no-latest pod.yaml:1 Pod/p: the image is latest — fix: pin the image https://runway.acme.example/docs/policies',
  );
  expect(auditor.createEvent).toHaveBeenCalledWith(
    expect.objectContaining({ eventId: 'policy-gate' }),
  );
});
