import { benchSweep } from './bench';

it('the bench sweep tears down the expired and the idle quarter', async () => {
  const result = await benchSweep(400);
  expect(result).toMatchObject({ environments: 400, tornDown: 200 });
  expect(result.seconds).toBeGreaterThan(0);
});
