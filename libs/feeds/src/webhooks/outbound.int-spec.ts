import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mayCall, allowList, postWebhook } from './outbound';

describe('outbound webhook requests', () => {
  let server: Server;
  let base: string;
  const policy = { allow: ['127.0.0.1'], timeoutMs: 2000, maxResponseBytes: 1024 };

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/ok' }).end();
      } else if (req.url === '/big') {
        res.writeHead(200);
        res.end(Buffer.alloc(1024 * 1024));
      } else if (req.url === '/slow') {
        setTimeout(() => res.writeHead(200).end(), 5000).unref();
      } else {
        res.writeHead(204, { 'retry-after': '7' }).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reaches an allow-listed loopback address', async () => {
    expect(await postWebhook(`${base}/ok`, {}, '{}', policy)).toEqual({ status: 204, retryAfter: '7' });
  });

  it('refuses private, loopback and link-local addresses the allow-list does not name, by IP or by name', async () => {
    const port = (server.address() as AddressInfo).port;
    for (const url of [`http://127.0.0.2:${port}/`, `http://localhost:${port}/`, `http://[::1]:${port}/`]) {
      const answer = await postWebhook(url, {}, '{}', { ...policy, allow: [] });
      expect({ url, status: answer.status, refused: /resolves to|private/.test(answer.error ?? '') }).toEqual({
        url,
        status: 0,
        refused: true,
      });
    }
    const none = allowList([]);
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ])
      expect({ ip, ok: mayCall(ip, none) }).toEqual({ ip, ok: false });
    expect(mayCall('93.184.216.34', none)).toBe(true);
  });

  it('does not follow a redirect, caps what it reads, and gives up at the deadline', async () => {
    expect((await postWebhook(`${base}/redirect`, {}, '{}', policy)).status).toBe(302);
    expect((await postWebhook(`${base}/big`, {}, '{}', policy)).status).toBe(200);
    const slow = await postWebhook(`${base}/slow`, {}, '{}', { ...policy, timeoutMs: 100 });
    expect(slow.status).toBe(0);
    expect(slow.error).toBeDefined();
  });
});
