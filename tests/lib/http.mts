/** HTTP helpers for tests that talk to a running Runway backend as a guest. */
import assert from 'node:assert/strict';

export async function guestToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/guest/refresh`);
  assert.equal(res.status, 200, 'guest sign-in works on the embedded default');
  const body = await res.json();
  return body.backstageIdentity.token;
}

export async function getJson(url: string, token: string, path: string) {
  const res = await fetch(`${url}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}
