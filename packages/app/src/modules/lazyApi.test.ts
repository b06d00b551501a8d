import { lazyApi } from './lazyApi';

class Client {
  constructor(readonly base: string) {}
  async greet(name: string) {
    return `${this.base}, ${name}`;
  }
}

describe('lazyApi', () => {
  it('loads the implementation on the first call only, and keeps `this`', async () => {
    const load = jest.fn(async () => new Client('hello'));
    const api = lazyApi<Client>(load);
    expect(load).not.toHaveBeenCalled();

    await expect(api.greet('ada')).resolves.toBe('hello, ada');
    await expect(api.greet('bob')).resolves.toBe('hello, bob');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('is not mistaken for a promise', async () => {
    const api = lazyApi<Client>(async () => new Client('hi'));
    await expect(Promise.resolve(api)).resolves.toBe(api);
  });

  it('retries a failed load on the next call', async () => {
    const load = jest
      .fn<Promise<Client>, []>()
      .mockRejectedValueOnce(new Error('chunk failed to load'))
      .mockResolvedValueOnce(new Client('back'));
    const api = lazyApi<Client>(load);

    await expect(api.greet('ada')).rejects.toThrow('chunk failed to load');
    await expect(api.greet('ada')).resolves.toBe('back, ada');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('names a method the implementation lacks', async () => {
    const api = lazyApi<Client & { wave(): Promise<void> }>(
      async () => new Client('hi') as Client & { wave(): Promise<void> },
    );
    await expect(api.wave()).rejects.toThrow('The API has no method wave');
  });
});
