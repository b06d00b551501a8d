import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Devstack, startDevstack } from '@runway/devstack';
import yaml from 'yaml';
import { createSlackMessagePostAction } from './slackMessagePost';
import { examples } from './slackMessagePost.examples';

jest.setTimeout(30_000);

let devstack: Devstack;
beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack.stop());

describe('slack:message:post examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s — runs against the devstack',
    async (_d, example) => {
      const action = createSlackMessagePostAction({
        slack: { token: devstack.slackToken, apiUrl: devstack.urls.slackApi },
      });
      const input = yaml.parse(example.example).steps[0].input;
      const ctx = createMockActionContext({
        input: { optional: false, ...input },
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('delivered', 'slack');
    },
  );
});
