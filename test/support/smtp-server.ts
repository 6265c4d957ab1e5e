import { createServer, type Server, type Socket } from 'node:net';

/**
 * A small real SMTP server for tests (RFC 5321: EHLO/HELO, MAIL FROM, RCPT TO, DATA with
 * dot-unstuffing, RSET, NOOP, QUIT) on 127.0.0.1. It keeps what it receives, and can be told to
 * refuse the next messages with a temporary failure (451) to test retries.
 */
export type ReceivedMessage = { from: string; to: string[]; data: string };

export type SmtpServer = {
  url: string;
  messages: ReceivedMessage[];
  /** Answer the next `count` DATA commands with 451 (try again later). */
  refuseNext(count: number): void;
  close(): Promise<void>;
};

export async function startSmtpServer(): Promise<SmtpServer> {
  const messages: ReceivedMessage[] = [];
  let refusals = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let envelope: { from: string; to: string[] } = { from: '', to: [] };

    const command = (line: string) => {
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') {
        reply('250-oversight-test');
        reply('250-8BITMIME');
        reply('250 SMTPUTF8');
      } else if (verb === 'HELO') reply('250 oversight-test');
      else if (line.toUpperCase().startsWith('MAIL FROM:')) {
        envelope = { from: /<([^>]*)>/.exec(line)?.[1] ?? '', to: [] };
        reply('250 OK');
      } else if (line.toUpperCase().startsWith('RCPT TO:')) {
        envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        reply('250 OK');
      } else if (verb === 'DATA') {
        if (envelope.to.length === 0) return reply('503 RCPT first');
        if (refusals > 0) {
          refusals -= 1;
          return reply('451 Try again later');
        }
        inData = true;
        data = [];
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'RSET') {
        envelope = { from: '', to: [] };
        reply('250 OK');
      } else if (verb === 'NOOP') reply('250 OK');
      else if (verb === 'QUIT') {
        reply('221 Bye');
        socket.end();
      } else reply('502 Command not implemented');
    };

    reply('220 oversight-test ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\r\n');
      while (end >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push({ ...envelope, data: data.join('\r\n') });
            reply('250 OK queued');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
        } else command(line);
        end = buffer.indexOf('\r\n');
      }
    });
    socket.on('error', () => {});
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext: (count) => {
      refusals = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
