import net from 'node:net';

/**
 * A port the OS has just handed out (port 0) and nobody listens on now, for a child process to
 * listen on: its URL must be known before it starts.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
