import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** An attacker's page: any HTML served from another origin. */
export async function startAttackerSite(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>cute cats</title><p>nothing to see</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What went over the wire to qiao: request lines and response statuses, in order. */
export interface Wire {
  requests: string[];
  statuses: number[];
}

/**
 * A transparent TCP relay in front of qiao that notes every request line and response status,
 * so the test sees that the attacks reached qiao and how qiao answered (not just that the browser
 * read nothing). Host and Origin pass unchanged.
 */
export async function startWireTap(target: URL): Promise<{ url: string; wire: Wire; close(): Promise<void> }> {
  const wire: Wire = { requests: [], statuses: [] };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString('latin1').matchAll(/^([A-Z]+) (\S+) HTTP\/1\.1\r$/gm))
        wire.requests.push(`${m[1]} ${m[2]}`);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString('latin1').matchAll(/^HTTP\/1\.1 (\d{3}) /gm)) wire.statuses.push(Number(m[1]));
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    wire,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
