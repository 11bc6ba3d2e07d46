/**
 * A short-lived cache of board query results. The board is public and read far more often
 * than capacity changes; identical searches within a few seconds share one database read.
 *
 * Anything that changes what the board shows (capacity taken or released, a departure
 * published, changed or cancelled) calls `invalidateBoard()`, so this process never shows
 * stale capacity; other processes of a multi-instance deployment are at most TTL behind.
 * BOARD_CACHE_SECONDS=0 turns the cache off.
 */
const DEFAULT_TTL_SECONDS = 5;
const MAX_ENTRIES = 500;

interface Entry<T> {
  expiresAt: number;
  value: Promise<T>;
}

const entries = new Map<string, Entry<unknown>>();
let generation = 0;

function ttlMs(): number {
  const configured = Number(process.env.BOARD_CACHE_SECONDS ?? DEFAULT_TTL_SECONDS);
  return Number.isFinite(configured) && configured > 0 ? configured * 1000 : 0;
}

export async function cachedBoardRead<T>(key: string, read: () => Promise<T>, now = Date.now()): Promise<T> {
  const ttl = ttlMs();
  if (ttl === 0) return read();
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit && hit.expiresAt > now) {
    // Most recently used last, so the oldest entry is the one to drop.
    entries.delete(key);
    entries.set(key, hit);
    return hit.value;
  }
  const startedIn = generation;
  const value = read();
  entries.set(key, { expiresAt: now + ttl, value });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  const forget = () => {
    if (entries.get(key)?.value === value) entries.delete(key);
  };
  // A read that started before an invalidation may hold old data: don't keep it.
  value.then(() => startedIn !== generation && forget(), forget);
  return value;
}

/** Call after anything that changes departures or their capacity. */
export function invalidateBoard(): void {
  generation += 1;
  entries.clear();
}
