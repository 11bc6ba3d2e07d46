import { describe, expect, it } from "vitest";
import { AppError } from "./app-error";
import { domainRoute, failureFromError, problemDetails } from "./forms.server";

/** What a thrown `data(null, { status })` carries. */
const statusOfThrown = (thrown: unknown) => (thrown as { init?: { status?: number } }).init?.status;

describe("the one error path", () => {
  it("answers a refusal about a field at that field, keeping what was typed (never passwords)", () => {
    const form = new FormData();
    form.set("email", "li@example.cn");
    form.set("password", "secret words");
    const failure = failureFromError(new AppError("tooManyEmails", 429, "email"), form);
    expect(failure.init?.status).toBe(429);
    expect(failure.data).toEqual({ errors: { email: "errors.tooManyEmails" }, values: { email: "li@example.cn" } });
  });

  it("answers access refusals with the status page, not a form message", () => {
    for (const [error, status] of [
      [new AppError("notFound", 404), 404],
      [new AppError("forbidden", 403), 403],
    ] as const) {
      const thrown = (() => {
        try {
          failureFromError(error, new FormData());
        } catch (caught) {
          return caught;
        }
      })();
      expect(statusOfThrown(thrown)).toBe(status);
    }
  });

  it("turns what a loader or action did not catch into its status, and leaves other errors alone", async () => {
    const refusing = domainRoute(async () => {
      throw new AppError("notPayable", 409);
    });
    expect(statusOfThrown(await refusing({}).catch((error: unknown) => error))).toBe(409);
    const crashing = domainRoute(async () => {
      throw new TypeError("a bug");
    });
    await expect(crashing({})).rejects.toBeInstanceOf(TypeError);
    await expect(domainRoute(async (n: number) => n * 2)(21)).resolves.toBe(42);
  });

  it("describes a refusal as RFC 9457 problem details", () => {
    expect(problemDetails(new AppError("capacityBelowCommitted", 409, "total"))).toEqual({
      type: "urn:silu-gateway:problem:capacityBelowCommitted",
      title: "capacityBelowCommitted",
      status: 409,
      code: "capacityBelowCommitted",
      field: "total",
    });
  });
});
