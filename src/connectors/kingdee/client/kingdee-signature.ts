import { createHash, createHmac } from 'node:crypto';

/**
 * Signatures of the Kingdee WebAPI, computed exactly as the official 8.x Python SDK does
 * (reference §2.5, §2.6). Pure functions: the caller supplies the clock.
 */

/** XOR key the official SDKs apply to the app-id secret part (JAVA `xOrSec`, PY ROT13 of a literal). */
export const DEFAULT_XOR_KEY = '0054f397c6234378b09ca7d3e5debce7';

/** Base64 of the lower-case hex HMAC-SHA256 — the SDKs encode the ASCII hex string, not the raw MAC. */
export function hmacSha256HexBase64(key: string, message: string): string {
  const hex = createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');
  return Buffer.from(hex, 'utf8').toString('base64');
}

/** Splits `<clientId>_<secretPart>`; anything else yields empty parts, as in the Python SDK. */
export function splitAppId(appId: string): { clientId: string; secretPart: string } {
  const parts = appId.split('_');
  if (parts.length !== 2) return { clientId: '', secretPart: '' };
  return { clientId: parts[0]!, secretPart: parts[1]! };
}

/**
 * The gateway client secret: Base64(XOR(Base64Decode(secretPart), xorKey)) over the 24 decoded bytes.
 * A secret part that is not 32 characters gives '' (Python SDK behaviour).
 */
export function deriveClientSecret(secretPart: string, xorKey: string = DEFAULT_XOR_KEY): string {
  if (secretPart.length !== 32) return '';
  const data = Buffer.from(secretPart, 'base64');
  const key = Buffer.from(xorKey, 'utf8');
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ key[i % key.length]!;
  return out.toString('base64');
}

/** Python `quote(path)` then `/` → `%2F`: every byte except unreserved ASCII is percent-encoded. */
export function encodeSignaturePath(path: string): string {
  let out = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.\-~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface SignatureHeaderInput {
  /** Full request URL; only its path is signed. */
  url: string;
  acctId: string;
  username: string;
  /** Full `<clientId>_<secretPart>` app id from 第三方系统登录授权. */
  appId: string;
  appSecret: string;
  lcid: number;
  /** Organisation number; '0' when unset. */
  orgNum?: string | number;
  /** Unix time in seconds (the Python SDK's unit); also used as the nonce. */
  timestampSeconds: number;
  xorKey?: string;
}

/** The `X-Api-*` / `X-Kd-*` headers of the official 8.x SDK for one request (login-less mode). */
export function buildSignatureHeaders(input: SignatureHeaderInput): Record<string, string> {
  const { clientId, secretPart } = splitAppId(input.appId);
  const clientSecret = deriveClientSecret(secretPart, input.xorKey);
  const timestamp = String(input.timestampSeconds);
  const path = new URL(input.url).pathname;
  const stringToSign = `POST\n${encodeSignaturePath(path)}\n\nx-api-nonce:${timestamp}\nx-api-timestamp:${timestamp}\n`;
  const appData = `${input.acctId},${input.username},${input.lcid},${input.orgNum ?? 0}`;
  return {
    'X-Api-ClientID': clientId,
    'X-Api-Auth-Version': '2.0',
    'x-api-timestamp': timestamp,
    'x-api-nonce': timestamp,
    'x-api-signheaders': 'x-api-timestamp,x-api-nonce',
    'X-Api-Signature': hmacSha256HexBase64(clientSecret, stringToSign),
    'X-Kd-Appkey': input.appId,
    'X-Kd-Appdata': Buffer.from(appData, 'utf8').toString('base64'),
    'X-Kd-Signature': hmacSha256HexBase64(input.appSecret, input.appId + appData),
  };
}

/**
 * `LoginBySign` sign: lower-case hex SHA-256 of the ordinal-sorted concatenation of
 * acctId, username, appId, appSecret and the timestamp (seconds, as a string).
 */
export function loginBySignSign(input: {
  acctId: string;
  username: string;
  appId: string;
  appSecret: string;
  timestampSeconds: number;
}): string {
  const parts = [input.acctId, input.username, input.appId, input.appSecret, String(input.timestampSeconds)];
  // Ordinal (code-unit) order, as .NET's string.CompareOrdinal; localeCompare would differ.
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(parts.join(''), 'utf8').digest('hex');
}
