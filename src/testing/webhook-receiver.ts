import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/**
 * A real HTTP server on a free port that records every request and answers with what
 * `reply` returns (default 200 `{"errcode":0,"errmsg":"ok"}`).
 */
export async function startWebhookReceiver(): Promise<{
  url: string;
  requests: ReceivedRequest[];
  reply: (req: ReceivedRequest) => { status: number; body: unknown };
  setReply(fn: (req: ReceivedRequest) => { status: number; body: unknown }): void;
  close(): Promise<void>;
}> {
  const state = {
    requests: [] as ReceivedRequest[],
    reply: (_req: ReceivedRequest) => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } as unknown }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep raw text
      }
      const received: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      state.requests.push(received);
      const { status, body: replyBody } = state.reply(received);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(replyBody));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: state.requests,
    get reply() {
      return state.reply;
    },
    setReply(fn) {
      state.reply = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
