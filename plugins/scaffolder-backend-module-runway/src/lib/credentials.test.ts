import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actingCredentials } from './credentials';

describe('actingCredentials', () => {
  const auth = mockServices.auth({ pluginId: 'scaffolder' });

  it('acts on behalf of the person who started the task', async () => {
    const jane = mockCredentials.user('user:default/jane');
    expect(
      await actingCredentials(
        { getInitiatorCredentials: async () => jane },
        auth,
      ),
    ).toBe(jane);
  });

  it('acts as Runway’s scaffolder for a task a backend plugin started', async () => {
    const onboarding = mockCredentials.service('plugin:onboarding');
    expect(
      await actingCredentials(
        { getInitiatorCredentials: async () => onboarding },
        auth,
      ),
    ).toEqual(mockCredentials.service('plugin:scaffolder'));
  });
});
