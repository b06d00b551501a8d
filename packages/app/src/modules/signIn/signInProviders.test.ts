import { ConfigReader } from '@backstage/config';
import { signInProviders } from './signInProviders';

const providersFor = (data: object) =>
  signInProviders(new ConfigReader(data)).map(p =>
    typeof p === 'string' ? p : p.id,
  );

describe('signInProviders', () => {
  it('offers GitHub, and not guest, when the production config says github', () => {
    expect(
      providersFor({ runway: { signIn: { providers: ['github'] } } }),
    ).toEqual(['github-auth-provider']);
  });

  it('offers guest on the embedded default', () => {
    expect(
      providersFor({ runway: { signIn: { providers: ['guest'] } } }),
    ).toEqual(['guest']);
  });

  it('falls back to guest when nothing is configured', () => {
    expect(providersFor({})).toEqual(['guest']);
  });
});
