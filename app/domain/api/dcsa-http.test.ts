import { describe, expect, it } from "vitest";
import { complaints, tntComponentValidator } from "../../../tests/support/dcsa";
import { ApiProblem, dcsaError, dcsaJson, TNT_API_VERSION } from "./dcsa-http.server";

describe("the partner API's answers", () => {
  it("refuse with DCSA's error body, valid against the official schema, in the caller's language", async () => {
    const request = new Request("https://silu.example/v2/events?limit=abc", {
      headers: { "Accept-Language": "de-DE,de;q=0.9,en;q=0.5" },
    });
    const response = await dcsaError(
      request,
      new ApiProblem(400, "invalidQuery", { name: "limit" }),
      new Date("2026-12-01T08:00:00Z"),
    );
    const body = (await response.json()) as Record<string, unknown>;
    const validate = tntComponentValidator("error");
    expect(validate(body), complaints(validate)).toBe(true);
    expect(response.status).toBe(400);
    expect(response.headers.get("API-Version")).toBe(TNT_API_VERSION);
    expect(body).toMatchObject({
      httpMethod: "GET",
      requestUri: "/v2/events?limit=abc",
      statusCode: 400,
      statusCodeText: "Bad Request",
      errorDateTime: "2026-12-01T08:00:00.000Z",
      errors: [{ reason: "invalidQuery", message: "Der Abfrageparameter „limit“ ist ungültig." }],
    });
  });

  it("speak English when the caller asks for no language the portal has, and say how to authenticate", async () => {
    const request = new Request("https://silu.example/v2/events", { headers: { "Accept-Language": "ja" } });
    const response = await dcsaError(request, new ApiProblem(401, "apiKeyInvalid"));
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(
      "Unknown or revoked API key.",
    );
  });

  it("are never cached and carry the API version", () => {
    const response = dcsaJson([]);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("API-Version")).toBe("2.2.0");
  });
});
