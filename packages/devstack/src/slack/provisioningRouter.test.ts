import { Devstack, startDevstack } from '../devstack';

jest.setTimeout(60_000);

let devstack: Devstack;
beforeAll(async () => {
  devstack = await startDevstack({ port: 0, smtpPort: 0 });
});
afterAll(() => devstack.stop());

const provision = (body: unknown) =>
  fetch(`${devstack.urls.base}/_devstack/slack/users`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('provisioning the Slack stand-in over HTTP', () => {
  it('adds a person Slack then finds by e-mail, in #general only, and refuses them twice', async () => {
    const ada = {
      name: 'ada-lovelace',
      realName: 'Ada Lovelace',
      email: 'ada.lovelace@acme.example',
    };
    const res = await provision(ada);
    expect(res.status).toBe(201);
    const user = devstack.slack.userByEmail(ada.email)!;
    expect(await res.json()).toMatchObject({ id: user.id, name: ada.name });
    const joined = devstack.slack
      .channels()
      .filter(c => c.members.includes(user.id))
      .map(c => c.name);
    expect(joined).toEqual(['general']);
    expect((await provision(ada)).status).toBe(409);
  });

  it('names the missing field', async () => {
    const res = await provision({ name: 'x', realName: 'X' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(
      /^email must be a non-empty string/,
    );
  });
});
