import http from 'node:http';
import { AddressInfo } from 'node:net';
import { run } from '../index';
import { recordingIo } from '../__testUtils__/io';
import { catalogDrift } from './catalogDrift';

const TOKEN = 'platform-token-0123456789';

/** Runway's drift API as a small server on a free port: answers what `answer` says. */
function startRunway() {
  const requests: Array<{ method?: string; url?: string; auth?: string }> = [];
  let answer: (method?: string, url?: string) => [number, unknown] = () => [
    200,
    { problems: [] },
  ];
  const server = http.createServer((req, res) => {
    requests.push({
      method: req.method,
      url: req.url,
      auth: req.headers.authorization,
    });
    const [status, body] = answer(req.method, req.url);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  return new Promise<{
    url: string;
    requests: typeof requests;
    answer: (fn: typeof answer) => void;
    stop: () => Promise<void>;
  }>(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        answer: fn => {
          answer = fn;
        },
        stop: () => new Promise(done => server.close(() => done())),
      }),
    ),
  );
}

const PROBLEMS = {
  checkedAt: '2027-01-04T09:00:00.000Z',
  problems: [
    {
      kind: 'repository-missing',
      entityRef: 'component:default/cart',
      message: 'Its repository github.example/acme/cart does not exist.',
      fix: 'Unregister the entity.',
      firstSeenAt: '2027-01-04T08:00:00.000Z',
      lastSeenAt: '2027-01-04T09:00:00.000Z',
    },
    {
      kind: 'owner-missing',
      entityRef: 'component:default/ledger',
      message:
        'spec.owner is "billing", and the catalogue has no group:default/billing.',
      fix: 'Set spec.owner to an existing team.',
      firstSeenAt: '2027-01-04T09:00:00.000Z',
      lastSeenAt: '2027-01-04T09:00:00.000Z',
    },
  ],
};

describe('runway catalog drift', () => {
  let runway: Awaited<ReturnType<typeof startRunway>>;
  beforeEach(async () => {
    runway = await startRunway();
  });
  afterEach(() => runway.stop());

  const drift = async (
    argv: string[] = [],
    env: Record<string, string | undefined> = {},
  ) => {
    const io = recordingIo(__dirname);
    const code = await catalogDrift(argv, io, {
      RUNWAY_URL: runway.url,
      RUNWAY_TOKEN: TOKEN,
      ...env,
    });
    return { code, out: io.out(), err: io.err() };
  };

  it('prints each problem with its fix and exits 1', async () => {
    runway.answer(() => [200, PROBLEMS]);
    const { code, out, err } = await drift();
    expect({ code, err }).toEqual({ code: 1, err: '' });
    expect(out).toContain(
      '✗ component:default/cart (repository-missing)\n  Its repository github.example/acme/cart does not exist.\n  Fix: Unregister the entity.',
    );
    expect(out).toContain('Fix: Set spec.owner to an existing team.');
    expect(out).toContain(
      '2 problem(s) at the check of 2027-01-04T09:00:00.000Z',
    );
    expect(runway.requests).toEqual([
      {
        method: 'GET',
        url: '/api/catalog-drift/problems',
        auth: `Bearer ${TOKEN}`,
      },
    ]);
  });

  it('exits 0 when the catalogue has no drift', async () => {
    runway.answer(() => [
      200,
      { checkedAt: '2027-01-04T09:00:00.000Z', problems: [] },
    ]);
    const { code, out } = await drift();
    expect(code).toBe(0);
    expect(out).toBe(
      'No drift: the check at 2027-01-04T09:00:00.000Z found nothing.\n',
    );
  });

  it('runs the check first with --check, and writes JSON with --format json', async () => {
    runway.answer(() => [200, PROBLEMS]);
    const { code, out } = await drift(['--check', '--format', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({ ok: false, ...PROBLEMS });
    expect(runway.requests.map(r => `${r.method} ${r.url}`)).toEqual([
      'POST /api/catalog-drift/check',
      'GET /api/catalog-drift/problems',
    ]);
  });

  it('never calls an incomplete check clean: exits 2 and says what could not be checked', async () => {
    runway.answer(() => [
      200,
      { checkedAt: '2027-01-04T09:00:00.000Z', undecided: 3, problems: [] },
    ]);
    const { code, out } = await drift();
    expect(code).toBe(2);
    expect(out).toBe(
      'No drift found at the check of 2027-01-04T09:00:00.000Z, but it is incomplete: 3 entities could not be checked (GitHub did not answer for their repository); their earlier results stand.\n',
    );
    const json = await drift(['--format', 'json']);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, undecided: 3 });
  });

  it('says the check has not run yet, and exits 2', async () => {
    const { code, out } = await drift();
    expect(code).toBe(2);
    expect(out).toContain('has not run yet');
  });

  it('explains a refusal without printing the token', async () => {
    runway.answer(() => [
      403,
      {
        error: {
          name: 'NotAllowedError',
          message: 'catalog-drift.problem.read is the platform team’s',
        },
      },
    ]);
    const { code, err } = await drift();
    expect(code).toBe(2);
    expect(err).toContain('with 403: catalog-drift.problem.read');
    expect(err).toContain('set RUNWAY_TOKEN');
    expect(err).not.toContain(TOKEN);
  });

  it('says where it could not reach Runway', async () => {
    await runway.stop();
    const { code, err } = await drift([], { RUNWAY_URL: runway.url });
    expect(code).toBe(2);
    expect(err).toContain(`Could not reach Runway at ${runway.url}`);
    runway = await startRunway();
  });

  it('names RUNWAY_TOKEN when it is missing, and a bad --url or --format', async () => {
    const saved = process.env.RUNWAY_TOKEN;
    delete process.env.RUNWAY_TOKEN;
    try {
      const io = recordingIo(__dirname);
      expect(await run(['catalog', 'drift'], io)).toBe(2);
      expect(io.err()).toContain('RUNWAY_TOKEN is not set');
      expect(io.err()).toContain('Usage: runway catalog drift');
    } finally {
      if (saved !== undefined) process.env.RUNWAY_TOKEN = saved;
    }
    await expect(drift(['--url', 'localhost:7007'])).rejects.toThrow(
      '--url localhost:7007 is not an http(s) URL',
    );
    await expect(drift(['--format', 'sarif'])).rejects.toThrow(
      '--format sarif is not a format catalog drift writes',
    );
    // The token never goes unencrypted to another machine.
    await expect(
      drift(['--url', 'http://runway.acme.example']),
    ).rejects.toThrow(
      '--url http://runway.acme.example is plain http to another machine, which would send RUNWAY_TOKEN unencrypted: use https.',
    );
    expect(runway.requests).toEqual([]);
  });

  it('prints what the catalogue holds without its control characters (no escape sequence reaches the terminal)', async () => {
    const evil = '\u001b]52;c;ZXZpbA==\u0007\u001b[2J';
    runway.answer(() => [
      200,
      {
        ...PROBLEMS,
        problems: [
          {
            ...PROBLEMS.problems[1],
            message: `spec.owner is "${evil}", and the catalogue has no such group.`,
          },
        ],
      },
    ]);
    const { out } = await drift();
    // eslint-disable-next-line no-control-regex -- control characters are what it finds
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain(
      'spec.owner is "\ufffd]52;c;ZXZpbA==\ufffd\ufffd[2J"',
    );
  });
});
