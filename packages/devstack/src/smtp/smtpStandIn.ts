/**
 * A local SMTP server that keeps every mail it receives, parsed, so golden paths that send e-mail
 * (welcome mails, reports with attachments) run offline and tests can read what was sent.
 * Plain SMTP only: STARTTLS is switched off so clients never need certificates, and any
 * credentials are accepted, since production configs often carry a user and password.
 */
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/** Gmail's and most providers' limit; larger mails are refused with 552 as they would be. */
const MAX_MAIL_BYTES = 25 * 1024 * 1024;

export interface ReceivedAttachment {
  filename?: string;
  contentType: string;
  size: number;
  content: Buffer;
  /** SHA-256 of the content, hex. */
  checksum: string;
}

export interface ReceivedMail {
  /** Assigned by the stand-in; unique per mail. */
  id: string;
  /** The Message-ID header, when the sender set one. */
  messageId?: string;
  /** Address of the From: header. */
  from?: string;
  to: string[];
  cc: string[];
  /** SMTP envelope: who the mail was actually delivered to, including Bcc recipients. */
  envelope: { from?: string; to: string[] };
  subject?: string;
  text?: string;
  html?: string;
  /** The Date: header. */
  date?: Date;
  receivedAt: Date;
  /** Size of the raw message in bytes. */
  size: number;
  attachments: ReceivedAttachment[];
}

export interface SmtpStandIn {
  port: number;
  /** Mails in the order they were received. */
  messages(): ReceivedMail[];
  stop(): Promise<void>;
}

export async function startSmtp(
  options: { port?: number; host?: string } = {},
): Promise<SmtpStandIn> {
  const { port = 0, host = '127.0.0.1' } = options;
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MAIL_BYTES,
    logger: false,
    onAuth: (auth, _session, callback) =>
      callback(null, { user: auth.username ?? 'anonymous' }),
    onData: (stream, session, callback) => {
      receive(stream, session.envelope)
        .then(mail => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await listen(server, port, host);
  return {
    port: (server.server.address() as AddressInfo).port,
    messages: () => [...received],
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

function listen(server: SMTPServer, port: number, host: string) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

type Envelope = Parameters<NonNullable<SMTPServer['onData']>>[1]['envelope'];

async function receive(
  stream: SMTPServerDataStream,
  envelope: Envelope,
): Promise<ReceivedMail> {
  const raw = await readAll(stream);
  if (stream.sizeExceeded) {
    throw Object.assign(new Error('Message exceeds the 25 MB size limit'), {
      responseCode: 552,
    });
  }
  return toReceivedMail(await simpleParser(raw), raw.length, envelope);
}

/** Reads the whole message; past the limit it only drains, so a huge mail costs no memory. */
async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total <= MAX_MAIL_BYTES) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toReceivedMail(
  parsed: ParsedMail,
  size: number,
  envelope: Envelope,
): ReceivedMail {
  return {
    id: randomUUID(),
    messageId: parsed.messageId,
    from: parsed.from?.value[0]?.address,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    envelope: {
      from: envelope.mailFrom ? envelope.mailFrom.address : undefined,
      to: envelope.rcptTo.map(r => r.address),
    },
    subject: parsed.subject,
    text: parsed.text,
    html: parsed.html || undefined,
    date: parsed.date,
    receivedAt: new Date(),
    size,
    attachments: parsed.attachments.map(a => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.length,
      content: a.content,
      checksum: createHash('sha256').update(a.content).digest('hex'),
    })),
  };
}

function addresses(field?: AddressObject | AddressObject[]): string[] {
  if (!field) return [];
  return [field].flat().flatMap(o => flatten(o.value));
}

/** Address lists may hold named groups ("Team: a@x, b@x;"); their members count too. */
function flatten(list: AddressObject['value']): string[] {
  return list.flatMap(a => (a.address ? [a.address] : flatten(a.group ?? [])));
}
