import type { IncomingMessage } from 'node:http';

/** The whole request body as UTF-8 text (both simulators read raw bodies to parse vendor encodings themselves). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
