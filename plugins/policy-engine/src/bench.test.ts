import { benchBaseline } from './bench';

describe('benchBaseline', () => {
  it('checks 1,000 Deployments against the baseline, finding exactly the planted mistakes', async () => {
    const run = await benchBaseline(1000);
    // One mistake in every fifth manifest: 200 violations.
    expect(run).toEqual({
      seconds: expect.any(Number),
      manifests: 1000,
      violations: 200,
    });
    // The target is 1 s (about 0.5 s measured in plain Node on 2 cores); under Jest on a busy CI
    // host it takes several times that, so this bound only catches a pathological slowdown
    // (quadratic work over the manifests) without failing a slow run.
    expect(run.seconds).toBeLessThan(20);
    process.stdout.write(
      `benchBaseline: ${run.manifests} manifests in ${run.seconds.toFixed(
        3,
      )} s, ${run.violations} violations\n`,
    );
  });
});
