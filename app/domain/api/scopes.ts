/**
 * What a partner-API key may be used for (decision 019): reading tracking events, and managing
 * event subscriptions (DCSA Track & Trace 2.2). A key gets only the scopes its admin ticks.
 */
export const API_SCOPES = ["events:read", "subscriptions:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === "string" && (API_SCOPES as readonly string[]).includes(value);
}
