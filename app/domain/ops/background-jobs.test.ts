import { afterEach, describe, expect, it, vi } from "vitest";
import { startBackgroundJobs } from "~/entry.server";

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.BACKGROUND_JOBS;
});

describe("startBackgroundJobs", () => {
  it("with BACKGROUND_JOBS=off starts no job, and its stop resolves at once", async () => {
    process.env.BACKGROUND_JOBS = "off";
    process.env.DATABASE_URL ??= "file:./.tmp/background-jobs-test.db";
    const timers = vi.spyOn(globalThis, "setInterval");
    const stop = startBackgroundJobs();
    expect(timers).not.toHaveBeenCalled();
    await expect(stop()).resolves.toBeUndefined();
  });
});
