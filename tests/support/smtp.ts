import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server (the maintained `smtp-server` package) on a loopback port inside the test: what the API's
 * worker sends through nodemailer arrives here, raw, with its envelope. `refuse` answers 451 (try later).
 */

export interface Received {
  to: string[];
  raw: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export class Smtp {
  readonly messages: Received[] = [];
  refuse = false;
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (this.refuse) return callback(Object.assign(new Error('try later'), { responseCode: 451 }));
        this.messages.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        callback();
      });
    },
  });
  port = 0;
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  async waitFor(test: (r: Received) => boolean, count = 1, timeoutMs = 45_000): Promise<Received[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(test);
      if (found.length >= count) return found;
      if (Date.now() > end) throw new Error(`only ${found.length} of ${count} messages arrived`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The text/calendar part of a raw message, decoded. */
export function calendarPart(raw: string): string {
  const m = /Content-Type: text\/calendar[^\r\n]*(?:\r\n[ \t][^\r\n]*)*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/i.exec(
    raw,
  );
  if (!m) throw new Error('no text/calendar part');
  const headers = raw.slice(m.index, m.index + m[0].length - m[1].length);
  return decodePart(headers, m[1]);
}

function decodePart(headers: string, body: string): string {
  if (/Content-Transfer-Encoding: base64/i.test(headers))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers))
    return Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
}

/** The decoded text/plain part of a raw message (split at its MIME boundaries), or its body when it is a single part. */
export function textPart(raw: string): string {
  // Every boundary, nested ones too (a calendar invitation nests text and HTML inside a mixed message).
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]);
  let parts = [raw];
  for (const b of boundaries) parts = parts.flatMap((p) => p.split(`--${b}`));
  for (const part of parts) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    if (!/Content-Type: text\/plain/i.test(headers)) continue;
    return decodePart(headers, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  throw new Error('no text/plain part');
}

/** The decoded Subject header (RFC 2047 encoded words included). */
export function subjectOf(raw: string): string {
  const m = /^Subject: ([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)/im.exec(raw);
  if (!m) return '';
  return m[1]
    .replace(/\r\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** The whole message as a reader would see it: the raw text, its decoded subject, and every MIME part decoded. */
export function decodedMessage(raw: string): string {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]);
  let parts = [raw];
  for (const b of boundaries) parts = parts.flatMap((p) => p.split(`--${b}`));
  const decoded = parts.map((part) => {
    const split = part.indexOf('\r\n\r\n');
    return split < 0 ? part : decodePart(part.slice(0, split), part.slice(split + 4));
  });
  return [raw, subjectOf(raw), ...decoded].join('\n');
}
