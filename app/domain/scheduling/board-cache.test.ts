import { afterEach, describe, expect, it } from "vitest";
import { cachedBoardRead, invalidateBoard } from "./board-cache.server";

afterEach(() => {
  invalidateBoard();
  delete process.env.BOARD_CACHE_SECONDS;
});

describe("board cache", () => {
  it("shares one read between identical searches within the TTL", async () => {
    let reads = 0;
    const read = async () => ++reads;
    expect(await cachedBoardRead("a", read, 1_000)).toBe(1);
    expect(await cachedBoardRead("a", read, 5_999)).toBe(1);
    expect(await cachedBoardRead("b", read, 5_999)).toBe(2);
    expect(await cachedBoardRead("a", read, 6_001)).toBe(3);
  });

  it("reads again after an invalidation, and drops a read that straddled it", async () => {
    let reads = 0;
    let release: () => void = () => {};
    const slow = () =>
      new Promise<number>((resolve) => {
        reads += 1;
        const value = reads;
        release = () => resolve(value);
      });
    const pending = cachedBoardRead("a", slow, 1_000);
    invalidateBoard();
    release();
    expect(await pending).toBe(1);
    const next = cachedBoardRead("a", slow, 1_001);
    release();
    expect(await next).toBe(2);
  });

  it("can be turned off", async () => {
    process.env.BOARD_CACHE_SECONDS = "0";
    let reads = 0;
    const read = async () => ++reads;
    await cachedBoardRead("a", read);
    await cachedBoardRead("a", read);
    expect(reads).toBe(2);
  });

  it("forgets a failed read", async () => {
    await expect(cachedBoardRead("a", () => Promise.reject(new Error("down")), 1_000)).rejects.toThrow("down");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cachedBoardRead("a", async () => 7, 1_001)).toBe(7);
  });
});
