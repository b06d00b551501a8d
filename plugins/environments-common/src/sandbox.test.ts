import { environmentNameProblem } from './lifetime';
import { sandboxEnvironmentName } from './sandbox';

describe('sandboxEnvironmentName', () => {
  it('is sandbox-<name> for a plain name in the default namespace', () => {
    expect(sandboxEnvironmentName('user:default/ada-lovelace')).toBe(
      'sandbox-ada-lovelace',
    );
    expect(sandboxEnvironmentName('User:default/Ada-Lovelace')).toBe(
      'sandbox-ada-lovelace',
    );
  });

  it('keeps names that are not DNS labels, long names and other namespaces apart', () => {
    const names = [
      'user:default/grace.liu',
      'user:default/grace-liu',
      'user:default/grace_liu',
      'user:other/grace-liu',
      `user:default/${'a'.repeat(60)}`,
      `user:default/${'a'.repeat(59)}b`,
    ].map(sandboxEnvironmentName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect([name, environmentNameProblem(name)]).toEqual([name, undefined]);
    }
    expect(sandboxEnvironmentName('user:default/grace.liu')).toMatch(
      /^sandbox-grace-liu-[0-9a-f]{8}$/,
    );
  });

  it('is the same every time', () => {
    const ref = `user:default/${'x'.repeat(50)}`;
    expect(sandboxEnvironmentName(ref)).toBe(sandboxEnvironmentName(ref));
    expect(sandboxEnvironmentName(ref)).toHaveLength(40);
  });

  it('refuses what is not a User ref', () => {
    expect(() => sandboxEnvironmentName('group:default/payments')).toThrow(
      /User entity ref such as user:default\/ada-lovelace/,
    );
  });
});
