/**
 * The system error code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET…) behind a failed fetch.
 * Node's fetch wraps the socket error a few `cause`s deep, and that code is what tells a refused
 * connection from a reset one when classifying errors.
 */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
