/**
 * A field's message is a translation key, and travels through forms, actions and JSON as one
 * string. A message that needs values (a limit, a range) carries them after the key, URL-encoded:
 * "errors.overPayload?limit=53000&total=60000"; the field translates it with those values.
 */
export function fieldMessage(key: string, values: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(values).map(([name, value]) => [name, String(value)]));
  return `${key}?${query.toString()}`;
}

/** The key and values of a field message (a plain key has no values). */
export function readFieldMessage(message: string): { key: string; values: Record<string, string> } {
  const at = message.indexOf("?");
  if (at < 0) return { key: message, values: {} };
  return { key: message.slice(0, at), values: Object.fromEntries(new URLSearchParams(message.slice(at + 1))) };
}

/** A field message in the reader's language. */
export function translateFieldMessage(
  t: (key: string, values: Record<string, string>) => string,
  message: string,
): string {
  const { key, values } = readFieldMessage(message);
  return t(key, values);
}
