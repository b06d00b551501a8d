/** HTTP helpers for tests that talk to a running Runway backend as a guest. */
import assert from 'node:assert/strict';

export { guestToken } from '../../scripts/lib/runwayApi.mts';

export async function getJson(url: string, token: string, path: string) {
  const res = await fetch(`${url}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}
