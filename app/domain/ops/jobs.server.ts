import { env } from "~/utils/env.server";

/*
 * The background jobs' timer (decision 027). Each job runs on its own period, never overlapping
 * itself within the process; other instances on the same database are kept apart by the claims
 * each job makes on its rows (conditional updates, leases). Stopping a job stops new runs and
 * resolves once the run in flight, if any, has finished (graceful shutdown waits for it).
 */

export interface JobHandle {
  /** Stops new runs; resolves when the run in flight (if any) has finished. */
  stop(): Promise<void>;
  /** Asks for a run soon (many asks make one run; one during a run makes one more after it). */
  kick(delayMs?: number): void;
}

/** How long a claim holds (JOB_LEASE_SECONDS): work claimed by an instance that died is free again after it. */
export function jobLeaseMs(): number {
  return env().JOB_LEASE_SECONDS * 1_000;
}

/** A job's period: its own, unless JOB_INTERVAL_SECONDS sets one for every job. */
export function jobPeriodMs(ownMs: number): number {
  const every = env().JOB_INTERVAL_SECONDS;
  return every === undefined ? ownMs : every * 1_000;
}

/**
 * Runs `run` every `everyMs` (unref'd: a timer never keeps the process alive). A failed run is
 * logged under `name` and the next one happens as usual.
 */
export function everyPeriod(name: string, everyMs: number, run: () => Promise<unknown>): JobHandle {
  let inFlight: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let soon: NodeJS.Timeout | undefined;

  const runOnce = (): void => {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = (async () => {
      try {
        await run();
      } catch (error) {
        console.error(`${name}:`, error);
      }
    })().finally(() => {
      inFlight = undefined;
      if (again && !stopped) {
        again = false;
        runOnce();
      }
    });
  };

  const timer = setInterval(runOnce, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (soon) clearTimeout(soon);
      soon = undefined;
      while (inFlight) await inFlight;
    },
    kick(delayMs = 50) {
      if (stopped || soon) return;
      soon = setTimeout(() => {
        soon = undefined;
        runOnce();
      }, delayMs);
      soon.unref();
    },
  };
}

/** Stops every job; resolves when all their runs in flight have finished. */
export async function stopAll(stops: (() => Promise<void>)[]): Promise<void> {
  await Promise.all(stops.map((stop) => stop()));
}
