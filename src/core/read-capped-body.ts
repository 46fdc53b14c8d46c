import { isUtf8 } from 'node:buffer';

/** Default reply size cap of a vendor connection: far above any sane page, far below what would hurt the process. */
export const DEFAULT_MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** A reply body read under a size cap. */
export type CappedBody =
  | {
      ok: true;
      /** The body as text; a leading BOM is dropped (as Response.text() does). */
      text: string;
      bytes: number;
      /**
       * Byte offset of the first sequence that is not valid UTF-8, or null when the body is valid.
       * Such bytes are decoded as U+FFFD, so the caller must report them: a replacement would
       * otherwise pass unnoticed into the ledger and the target.
       */
      invalidUtf8At: number | null;
    }
  | {
      ok: false;
      /** Bytes received before reading stopped (or the announced Content-Length). */
      bytesRead: number;
    };

/**
 * Reads `response`'s body as a stream and stops as soon as it exceeds `maxBytes`, so a runaway
 * or hostile server cannot make us buffer gigabytes. A Content-Length above the cap is refused
 * before anything is read. Stream errors (abort, reset) reject as `response.text()` would.
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<CappedBody> {
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, bytesRead: announced };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, bytesRead: total };
      }
      chunks.push(value);
    }
  }
  const buffer = Buffer.concat(chunks, total);
  const start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const invalidUtf8At = isUtf8(buffer) ? null : firstInvalidUtf8(buffer);
  return { ok: true, text: buffer.toString('utf8', start), bytes: total, invalidUtf8At };
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (slow path, only for broken bodies). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
