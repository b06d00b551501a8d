/**
 * A stand-in for Runway's `/api/onboarding/graph/notifications` in tests: it answers Graph's
 * validation POST (`?validationToken=…`) as Runway does — or wrongly, on purpose — and records
 * every request it gets.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedNotification {
  path: string;
  validationToken?: string;
  contentType?: string;
  body?: any;
}

export type ValidationMode =
  /** Echo the token as text/plain, as Runway does. */
  | 'echo'
  /** Echo it as JSON. */
  | 'json'
  /** Answer text/plain with another value. */
  | 'wrong-value'
  /** Answer 500. */
  | 'error';

export interface NotificationReceiver {
  url: string;
  requests: ReceivedNotification[];
  /** The notifications (not validations) received, their bodies. */
  notifications(): any[];
  validations(): ReceivedNotification[];
  mode: ValidationMode;
  /** Status answered to notifications; default 202. */
  notificationStatus: number;
  close(): Promise<void>;
}

export async function startNotificationReceiver(): Promise<NotificationReceiver> {
  const requests: ReceivedNotification[] = [];
  const receiver: Omit<NotificationReceiver, 'url' | 'close'> = {
    requests,
    notifications: () =>
      requests.filter(r => r.validationToken === undefined).map(r => r.body),
    validations: () => requests.filter(r => r.validationToken !== undefined),
    mode: 'echo',
    notificationStatus: 202,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const token = url.searchParams.get('validationToken') ?? undefined;
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        path: url.pathname,
        validationToken: token,
        contentType: req.headers['content-type'],
        body: token === undefined && text ? JSON.parse(text) : undefined,
      });
      if (token === undefined) {
        res.writeHead(receiver.notificationStatus).end();
      } else if (receiver.mode === 'echo') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(token);
      } else if (receiver.mode === 'json') {
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(token));
      } else if (receiver.mode === 'wrong-value') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('nope');
      } else {
        res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/api/onboarding/graph/notifications`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
