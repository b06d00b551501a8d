import { oneLine, runwayUrl } from '../runwayRequest';
import { DryRunClient, type Template } from './dryRun';

const template: Template = {
  entity: {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 't' },
    spec: {
      steps: [
        { id: 'prepare', action: 'a:prepare' },
        { id: 'render', action: 'a:render' },
        { id: 'publish', action: 'a:publish' },
      ],
      output: { links: [] },
    },
  },
  directoryContents: [],
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

/** A Runway whose dry run refuses once `refusingStep` is among the steps sent. */
function fakeRunway(refusingStep?: string, status = 400) {
  const sent: string[][] = [];
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    const ids = body.template.spec.steps.map((s: { id: string }) => s.id);
    sent.push(ids);
    if (refusingStep && ids.includes(refusingStep)) {
      return json(status, {
        error: { name: 'InputError', message: `no\n::error::${refusingStep}` },
      });
    }
    return json(200, {
      directoryContents: [
        { path: 'a.txt', base64Content: Buffer.from('A').toString('base64') },
      ],
      output: { links: [{ title: 'Repo', url: 'https://x/y' }] },
    });
  }) as unknown as typeof fetch;
  return {
    sent,
    client: new DryRunClient('http://localhost:1', 't', fetchImpl),
  };
}

describe('DryRunClient', () => {
  it('returns the files and output of a run that passes, in one request', async () => {
    const { client, sent } = fakeRunway();
    const run = await client.run(template, {});
    expect(run.result!.files.map(f => [f.path, f.content.toString()])).toEqual([
      ['a.txt', 'A'],
    ]);
    expect(run.result!.output.links).toEqual([
      { title: 'Repo', url: 'https://x/y' },
    ]);
    expect(sent).toHaveLength(1);
  });

  it('names the step that refused, on one line, running one more step each time', async () => {
    const { client, sent } = fakeRunway('render');
    const run = await client.run(template, {});
    expect(run.refusal).toEqual({
      step: 'render',
      message: 'no ::error::render',
    });
    expect(sent).toEqual([
      ['prepare', 'render', 'publish'],
      ['prepare'],
      ['prepare', 'render'],
    ]);
  });

  it('tells a step refusing with 403 from Runway refusing the dry run', async () => {
    const step = fakeRunway('publish', 403);
    expect((await step.client.run(template, {})).refusal?.step).toBe('publish');

    const refused = new DryRunClient('http://localhost:1', 't', (async () =>
      json(403, {
        error: { name: 'NotAllowedError', message: 'Not allowed.' },
      })) as unknown as typeof fetch);
    await expect(refused.run(template, {})).rejects.toThrow(
      /Runway refused the dry run \(403\): Not allowed\. Runway allows dry runs to the platform team/,
    );
  });

  it('reports the parameter schema refusing, without running steps', async () => {
    const client = new DryRunClient('http://localhost:1', 't', (async () =>
      json(400, {
        errors: [{ stack: 'instance requires property "services"' }],
      })) as unknown as typeof fetch);
    expect((await client.run(template, {})).refusal).toEqual({
      step: 'parameters',
      message: 'instance requires property "services"',
    });
  });
});

describe('where the token may go', () => {
  it.each([
    ['https://runway.acme.example/', 'https://runway.acme.example'],
    ['http://localhost:7007', 'http://localhost:7007'],
    ['http://127.0.0.1:7007', 'http://127.0.0.1:7007'],
  ])('takes %s', (url, kept) => {
    expect(runwayUrl(url)).toBe(kept);
  });

  it.each([
    ['http://runway.acme.example', /plain http to another machine/],
    ['http:/evil.example/x', /not an http\(s\) URL/],
    ['ftp://x', /not an http\(s\) URL/],
  ])('refuses %s', (url, why) => {
    expect(() => runwayUrl(url)).toThrow(why);
  });

  it('keeps a server message on one line, without control characters', () => {
    expect(oneLine('a\r\n::add-mask::x\u0007b')).toBe(
      'a\ufffd ::add-mask::x\ufffdb',
    );
  });
});
