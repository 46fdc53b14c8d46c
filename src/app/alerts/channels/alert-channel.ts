/** What an alert says, independent of where it goes. */
export interface AlertNotification {
  /** firing: a new incident; reminder: still open after renotifyMinutes; resolved: the condition cleared. */
  state: 'firing' | 'reminder' | 'resolved';
  ruleId: string;
  ruleType: string;
  schemeId: string;
  /** One line, e.g. "[qiao] 告警 · 方案 sales-orders 运行失败". */
  title: string;
  /** Markdown body with the facts (no secrets). */
  text: string;
  /** When the incident opened (ISO-8601). */
  since: string;
  /** When this message was produced (ISO-8601). */
  at: string;
}

/** A destination for alert messages. */
export interface AlertChannel {
  readonly type: string;
  /** Where it sends, with tokens masked: safe to log and to return from the API. */
  readonly target: string;
  /** Delivers one message; throws an Error whose message never contains the URL or secret. */
  send(notification: AlertNotification): Promise<void>;
}

/** The fetch used by channels (injectable for tests). */
export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<Response>;
