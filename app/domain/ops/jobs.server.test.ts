import { afterEach, describe, expect, it, vi } from "vitest";
import { everyPeriod, stopAll } from "./jobs.server";

afterEach(() => {
  vi.useRealTimers();
});

/** A run that waits until the test lets it finish. */
function gatedRun() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const calls: number[] = [];
  const run = vi.fn(async () => {
    calls.push(Date.now());
    await gate;
  });
  return { run, release, calls };
}

describe("everyPeriod", () => {
  it("runs on its period, never overlapping itself", async () => {
    vi.useFakeTimers();
    const { run, release } = gatedRun();
    const job = everyPeriod("test", 1_000, run);
    await vi.advanceTimersByTimeAsync(3_500);
    // The first run still waits: the ticks meanwhile make one more run after it, not three.
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(2);
    await job.stop();
  });

  it("stop() resolves only once the run in flight has finished, and no run starts after it", async () => {
    vi.useFakeTimers();
    const { run, release } = gatedRun();
    const job = everyPeriod("test", 1_000, run);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = stopAll([job.stop]).then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    job.kick();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("a failed run is logged and the next one happens", async () => {
    vi.useFakeTimers();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const run = vi.fn().mockRejectedValueOnce(new Error("boom")).mockResolvedValue(undefined);
    const job = everyPeriod("flaky", 1_000, run);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(error).toHaveBeenCalledWith("flaky:", expect.any(Error));
    error.mockRestore();
    await job.stop();
  });

  it("kicks soon, and many kicks make one run", async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => {});
    const job = everyPeriod("test", 60_000, run);
    job.kick();
    job.kick();
    job.kick();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(1);
    await job.stop();
  });

  it("stop() of an idle job resolves at once", async () => {
    const job = everyPeriod("idle", 60_000, async () => {});
    await expect(job.stop()).resolves.toBeUndefined();
  });
});
