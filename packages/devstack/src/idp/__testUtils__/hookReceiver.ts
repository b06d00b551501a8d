/**
 * A stand-in for Runway's `/api/onboarding/okta/hook` in tests: it checks the header secret,
 * answers Okta's verification GET as Runway does (or wrongly, on purpose), and records every
 * request it gets.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body?: any;
}

export type VerificationMode =
  /** Echo the challenge, as Runway does. */
  | 'echo'
  /** Answer 200 with another value. */
  | 'wrong-value'
  /** Refuse, as Runway does for a wrong secret. */
  | 'unauthorized';

export interface HookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** The POSTs (event hook deliveries) received. */
  deliveries(): ReceivedRequest[];
  verifications(): ReceivedRequest[];
  mode: VerificationMode;
  /** Status answered to POSTs; default 200. */
  deliveryStatus: number;
  close(): Promise<void>;
}

export async function startHookReceiver(options: {
  header?: string;
  secret: string;
  mode?: VerificationMode;
}): Promise<HookReceiver> {
  const header = (options.header ?? 'authorization').toLowerCase();
  const requests: ReceivedRequest[] = [];
  const receiver: Omit<HookReceiver, 'url' | 'close'> = {
    requests,
    deliveries: () => requests.filter(r => r.method === 'POST'),
    verifications: () => requests.filter(r => r.method === 'GET'),
    mode: options.mode ?? 'echo',
    deliveryStatus: 200,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      });
      const send = (status: number, body: unknown) =>
        res
          .writeHead(status, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(body));
      const authorized =
        receiver.mode !== 'unauthorized' &&
        req.headers[header] === options.secret;
      if (!authorized) {
        send(401, {
          error: { message: 'the hook secret is missing or wrong' },
        });
        return;
      }
      if (req.method === 'GET') {
        const challenge = req.headers['x-okta-verification-challenge'];
        send(200, {
          verification:
            receiver.mode === 'echo' ? challenge : 'not-the-challenge',
        });
        return;
      }
      send(receiver.deliveryStatus, { results: [] });
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/api/onboarding/okta/hook`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
