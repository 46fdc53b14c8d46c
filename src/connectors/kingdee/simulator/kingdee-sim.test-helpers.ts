import type { KingdeeSimulator } from './kingdee-simulator.js';

/** Shared by this folder's tests: plain fetch calls against a running simulator (never the client). */
export const FORM = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.';
export const AUTH = 'Kingdee.BOS.WebApi.ServicesStub.AuthService.';

export interface Reply {
  status: number;
  text: string;
  json: any;
  headers: Headers;
}

export async function post(
  sim: KingdeeSimulator,
  service: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${sim.url}${service}.common.kdsvc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** Logs in with ValidateUser and returns the session header to send on later calls. */
export async function login(sim: KingdeeSimulator): Promise<Record<string, string>> {
  const c = sim.credentials;
  const reply = await post(sim, `${AUTH}ValidateUser`, {
    acctid: c.acctId,
    username: c.user,
    password: c.password,
    lcid: c.lcid,
  });
  if (reply.json?.LoginResultType !== 1) throw new Error(`login failed: ${reply.text}`);
  return { 'kdservice-sessionid': reply.json.KDSVCSessionId as string };
}

export async function query(
  sim: KingdeeSimulator,
  session: Record<string, string>,
  data: Record<string, unknown>,
  service = 'ExecuteBillQuery',
): Promise<any> {
  return (await post(sim, `${FORM}${service}`, { data }, session)).json;
}

/** `Result.ResponseStatus` of a write reply. */
export function statusOf(json: any): any {
  return json?.Result?.ResponseStatus;
}
