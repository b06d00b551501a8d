import path from 'node:path';
import { loadOrg } from '../seed/loadOrg';
import { SlackState } from './SlackState';

const org = loadOrg(path.resolve(__dirname, '../../../../examples'));

describe('SlackState seeded from the examples org', () => {
  it('gives the same Slack-looking IDs on every start', () => {
    const first = new SlackState(org);
    const second = new SlackState(org);

    expect(second.users().map(u => u.id)).toEqual(first.users().map(u => u.id));
    expect(second.channels().map(c => c.id)).toEqual(
      first.channels().map(c => c.id),
    );
    for (const user of first.users())
      expect(user.id).toMatch(/^U0[A-Z0-9]{8}$/);
    for (const c of first.channels()) expect(c.id).toMatch(/^C0[A-Z0-9]{8}$/);
    for (const g of first.usergroups()) expect(g.id).toMatch(/^S0[A-Z0-9]{8}$/);
    expect(new Set(first.users().map(u => u.id)).size).toBe(
      first.users().length,
    );
  });

  it('has every person, with login as name, plus the Runway bot', () => {
    const state = new SlackState(org);

    expect(state.users()).toHaveLength(org.users.length + 1);
    expect(state.userByEmail('sofia.marquez@acme.example')).toMatchObject({
      name: 'sofiamarquez',
      realName: 'Sofía Márquez',
      isBot: false,
    });
    expect(state.bot).toMatchObject({ name: 'runway', isBot: true });
    expect(state.bot.botId).toMatch(/^B0[A-Z0-9]{8}$/);
  });

  it('has #general with everyone and a channel per team with its members, without the bot', () => {
    const state = new SlackState(org);

    expect(state.channels().map(c => c.name)).toEqual([
      'general',
      'team-platform',
      'team-payments',
      'team-storefront',
      'team-data',
    ]);
    expect(state.channel('#general')?.members).toHaveLength(org.users.length);
    const tom = state.userByEmail('tom.whitaker@acme.example')!.id;
    expect(state.channel('team-payments')?.members).toContain(tom);
    expect(state.channel('team-platform')?.members).toContain(tom);
    for (const c of state.channels()) {
      expect(c.members).not.toContain(state.bot.id);
    }
  });

  it('keeps messages per channel with increasing ts', () => {
    const state = new SlackState(org);
    const general = state.channel('general')!.id;

    const a = state.postMessage({
      channel: general,
      user: state.bot.id,
      text: 'a',
    });
    const b = state.postMessage({
      channel: general,
      user: state.bot.id,
      text: 'b',
    });

    expect(a.ts).toBe('1700000000.000100');
    expect(b.ts).toBe('1700000000.000200');
    expect(state.messagesIn('#general').map(m => m.text)).toEqual(['a', 'b']);
    expect(state.messagesIn('team-data')).toEqual([]);
  });

  it('adds a person who joined later: in #general only', () => {
    const state = new SlackState(org);

    const hire = state.addUser({
      name: 'nora.kim',
      realName: 'Nora Kim',
      email: 'nora.kim@acme.example',
    });

    expect(hire.id).toMatch(/^U0[A-Z0-9]{8}$/);
    expect(state.userByEmail('NORA.KIM@acme.example')?.id).toBe(hire.id);
    expect(state.isMember(state.channel('general')!.id, hire.id)).toBe(true);
    expect(state.isMember(state.channel('team-data')!.id, hire.id)).toBe(false);
    expect(() =>
      state.addUser({
        name: 'other',
        realName: 'Other',
        email: 'nora.kim@acme.example',
      }),
    ).toThrow(/already has the e-mail/);
  });

  it('removes a channel member, and makes usergroups after seeding', () => {
    const state = new SlackState(org);
    const sam = state.userByEmail('sam.osei@acme.example')!.id;
    const data = state.channel('team-data')!.id;

    state.removeMember(data, sam);
    const standup = state.createUsergroup({
      handle: '@data-standup',
      users: [sam, sam],
      channels: ['#team-data'],
    });

    expect(state.isMember(data, sam)).toBe(false);
    expect(standup).toMatchObject({
      handle: 'data-standup',
      users: [sam],
      channels: [data],
    });
    expect(standup.id).toMatch(/^S0[A-Z0-9]{8}$/);
    expect(() => state.createUsergroup({ handle: 'data' })).toThrow(
      /already exists/,
    );
  });
});
