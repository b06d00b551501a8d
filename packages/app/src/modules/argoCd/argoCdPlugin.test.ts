import { argoCDApiRef } from '@roadiehq/backstage-plugin-argo-cd';
import { argoCdApiRef } from './argoCdPlugin';

describe('argoCdPlugin', () => {
  it("registers its client under the package's own API id, which the cards look up", () => {
    expect(argoCdApiRef.id).toBe(argoCDApiRef.id);
  });
});
