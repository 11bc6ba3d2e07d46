import { spawnSync } from "node:child_process";
import { expect, test } from "./support/fixtures";

// The production server refuses to start on a bad configuration and says which setting is wrong.
test("a bad configuration stops the server with a clear message", () => {
  const result = spawnSync("node", ["server.mjs"], {
    env: { ...process.env, PORT: "eighty", DATABASE_URL: "mysql://root@localhost/silu", APP_URL: "not-a-url" },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("Invalid configuration");
  expect(result.stderr).toMatch(/PORT: Expected number/);
  expect(result.stderr).toMatch(/DATABASE_URL: DATABASE_URL must start with file: or postgresql:\/\//);
  expect(result.stderr).toMatch(/APP_URL: Invalid url/);
  expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
});

// The invoice's tax: a rate with a note saying no VAT is charged is refused before the server listens.
test("a tax rate that contradicts its legal note stops the server, naming both settings", () => {
  const result = spawnSync("node", ["server.mjs"], {
    env: { ...process.env, PORT: "1", INVOICE_TAX_RATE_PERCENT: "6", OPERATOR_TAX_NUMBER: "91620100MA7UNQ8D5A" },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/INVOICE_TAX_NOTE: ZERO_RATED_INTERNATIONAL_TRANSPORT states that no VAT is charged/);
  expect(result.stderr).toMatch(/OPERATOR_TAX_NUMBER: must be an 18-character unified social credit code/);
});
