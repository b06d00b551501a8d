/**
 * The SMTP stand-in fed by real nodemailer, the way Runway's backend sends mail: plain SMTP on
 * an ephemeral port, no TLS.
 */
import { createHash, randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { startSmtp, type SmtpStandIn } from './smtpStandIn';

let smtp: SmtpStandIn;

beforeEach(async () => {
  smtp = await startSmtp();
});

afterEach(() => smtp.stop());

function transport(auth?: { user: string; pass: string }) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    auth,
  });
}

it('receives text, HTML and attachments byte for byte', async () => {
  const report = randomBytes(200 * 1024);
  const notes = 'Läuft. Service payments-api created by Runway.\n';

  await transport().sendMail({
    from: 'Runway <runway@acme.example>',
    to: 'priya.raman@acme.example',
    cc: ['platform@acme.example', 'tom.whitaker@acme.example'],
    subject: 'Your new service is ready',
    text: 'payments-api is live.',
    html: '<p><b>payments-api</b> is live.</p>',
    attachments: [
      {
        filename: 'report.bin',
        content: report,
        contentType: 'application/octet-stream',
      },
      {
        filename: 'notes.txt',
        content: notes,
        contentType: 'text/plain; charset=utf-8',
      },
    ],
  });

  const [mail] = smtp.messages();
  expect(mail).toMatchObject({
    from: 'runway@acme.example',
    to: ['priya.raman@acme.example'],
    cc: ['platform@acme.example', 'tom.whitaker@acme.example'],
    subject: 'Your new service is ready',
    html: '<p><b>payments-api</b> is live.</p>',
  });
  expect(mail.text?.trim()).toBe('payments-api is live.');
  expect(mail.size).toBeGreaterThan(report.length);
  const [bin, txt] = mail.attachments;
  expect(bin).toMatchObject({
    filename: 'report.bin',
    contentType: 'application/octet-stream',
    size: report.length,
  });
  expect(bin.content.equals(report)).toBe(true);
  expect(txt).toMatchObject({
    filename: 'notes.txt',
    contentType: 'text/plain',
  });
  expect(txt.content.equals(Buffer.from(notes, 'utf8'))).toBe(true);
});

it('reports each attachment with its sha256', async () => {
  const content = randomBytes(1024);
  const expected = createHash('sha256').update(content).digest('hex');

  await transport().sendMail({
    from: 'runway@acme.example',
    to: 'sam.osei@acme.example',
    subject: 'checksum',
    text: 'see attachment',
    attachments: [{ filename: 'data.bin', content }],
  });

  expect(smtp.messages()[0].attachments[0].checksum).toBe(expected);
});

it('keeps mails in the order they arrived, with Bcc only in the envelope', async () => {
  const mailer = transport();
  await mailer.sendMail({
    from: 'runway@acme.example',
    to: 'a@acme.example',
    subject: 'first',
    text: '1',
  });
  await mailer.sendMail({
    from: 'runway@acme.example',
    to: 'b@acme.example',
    bcc: 'audit@acme.example',
    subject: 'second',
    text: '2',
  });

  const mails = smtp.messages();
  expect(mails.map(m => m.subject)).toEqual(['first', 'second']);
  expect(mails[1].to).toEqual(['b@acme.example']);
  expect(mails[1].envelope.to).toEqual([
    'b@acme.example',
    'audit@acme.example',
  ]);
  expect(new Set(mails.map(m => m.id)).size).toBe(2);
});

it('accepts any credentials, as production configs send some', async () => {
  await transport({ user: 'runway', pass: 'secret' }).sendMail({
    from: 'runway@acme.example',
    to: 'grace.liu@acme.example',
    subject: 'with auth',
    text: 'ok',
  });

  expect(smtp.messages().map(m => m.subject)).toEqual(['with auth']);
});

it('refuses a mail over 25 MB and keeps nothing of it', async () => {
  const send = transport().sendMail({
    from: 'runway@acme.example',
    to: 'grace.liu@acme.example',
    subject: 'too big',
    text: 'x',
    attachments: [
      { filename: 'huge.bin', content: Buffer.alloc(26 * 1024 * 1024) },
    ],
  });

  await expect(send).rejects.toMatchObject({ responseCode: 552 });
  expect(smtp.messages()).toEqual([]);
});
