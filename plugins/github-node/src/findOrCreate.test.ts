import { findOrCreate } from './findOrCreate';

const answer = (status: number) =>
  Object.assign(new Error(`${status}`), { status });

describe('findOrCreate', () => {
  it('finds what a create made before its answer was lost, and creates nothing more', async () => {
    const made: string[] = [];
    const create = jest.fn(async () => {
      made.push('comment');
      throw answer(502); // GitHub made it, then failed to say so.
    });
    const result = await findOrCreate({
      find: async () => made[0],
      create,
    });
    expect(result).toBe('comment');
    expect(create).toHaveBeenCalledTimes(1);
    expect(made).toEqual(['comment']);
  });

  it('creates again when nothing was made, up to the attempts', async () => {
    const create = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(answer(503))
      .mockResolvedValueOnce('made');
    await expect(
      findOrCreate({ find: async () => undefined, create }),
    ).resolves.toBe('made');
    const failing = jest.fn(async (): Promise<string> => {
      throw answer(500);
    });
    await expect(
      findOrCreate({
        find: async () => undefined,
        create: failing,
        attempts: 2,
      }),
    ).rejects.toMatchObject({ status: 500 });
    expect(failing).toHaveBeenCalledTimes(2);
  });

  it('never repeats a create GitHub refused (4xx)', async () => {
    const create = jest.fn(async (): Promise<string> => {
      throw answer(422);
    });
    await expect(
      findOrCreate({ find: async () => 'x', create }),
    ).rejects.toMatchObject({ status: 422 });
    expect(create).toHaveBeenCalledTimes(1);
  });
});
