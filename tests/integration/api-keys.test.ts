import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyLimit, authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "~/domain/api/api-keys.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { sha256Hex } from "~/utils/hash.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const engine = process.env.TEST_DATABASE ?? "sqlite";
let test: TestDatabase;
let admin: Actor;
let booker: Actor;
let otherAdmin: Actor;
let companyId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemoAccounts(test.db);
  const actorOf = async (email: string) =>
    loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
  admin = await actorOf("admin@lanzhou-silkroad.example");
  booker = await actorOf("booker@lanzhou-silkroad.example");
  otherAdmin = await actorOf("admin@wuwei-agri.example");
  companyId = admin.memberships[0]!.companyId;
});

afterAll(async () => {
  await test?.drop();
});

const bearer = (key: string) => `Bearer ${key}`;

describe(`partner-API keys (${engine})`, () => {
  it("shows a new key once and keeps only its hash; the key then opens the API for its company", async () => {
    const { key, prefix } = await createApiKey(test.db, {
      actor: admin,
      companyId,
      name: "ERP tracking import",
      scopes: ["events:read"],
    });
    expect(key).toMatch(/^sgw_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const row = await test.db.apiKey.findUniqueOrThrow({ where: { prefix } });
    expect(row.secretHash).toBe(sha256Hex(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(await listApiKeys(test.db, admin, companyId)).toContainEqual(
      expect.objectContaining({ name: "ERP tracking import", prefix, scopes: ["events:read"], requestCount: 0 }),
    );

    const caller = await authenticateApiKey(test.db, { authorization: bearer(key), scope: "events:read" });
    expect(caller).toEqual({ keyId: row.id, companyId });
    // Its use is counted and shown.
    const [listed] = (await listApiKeys(test.db, admin, companyId)).filter((item) => item.prefix === prefix);
    expect(listed).toMatchObject({ requestCount: 1, lastUsedAt: expect.any(Date) });
    const audit = await test.db.auditEvent.findFirstOrThrow({ where: { action: "apiKey.created", entityId: row.id } });
    expect(audit.after).not.toContain(key.slice(PREFIX_TAIL));
  });

  it("refuses missing, malformed, unknown and revoked keys alike (401), and keys without the scope (403)", async () => {
    const { key, id } = await createApiKey(test.db, {
      actor: admin,
      companyId,
      name: "Read only",
      scopes: ["events:read"],
    });
    for (const authorization of [null, "", key, `Basic ${key}`, bearer("sgw_short"), bearer(`sgw_${"x".repeat(43)}`)]) {
      await expect(authenticateApiKey(test.db, { authorization, scope: "events:read" })).rejects.toMatchObject({
        status: 401,
      });
    }
    await expect(
      authenticateApiKey(test.db, { authorization: bearer(key), scope: "subscriptions:write" }),
    ).rejects.toMatchObject({ status: 403, code: "apiKeyScope" });

    await revokeApiKey(test.db, { actor: admin, companyId, keyId: id });
    await expect(
      authenticateApiKey(test.db, { authorization: bearer(key), scope: "events:read" }),
    ).rejects.toMatchObject({ status: 401 });
    // Revoking twice finds nothing live.
    await expect(revokeApiKey(test.db, { actor: admin, companyId, keyId: id })).rejects.toMatchObject({ status: 404 });
  });

  it("lets only the company's admins manage its keys; another company cannot even find them", async () => {
    await expect(
      createApiKey(test.db, { actor: booker, companyId, name: "Mine", scopes: ["events:read"] }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(listApiKeys(test.db, booker, companyId)).rejects.toMatchObject({ status: 403 });
    const { id } = await createApiKey(test.db, { actor: admin, companyId, name: "Kept", scopes: ["events:read"] });
    const otherCompany = otherAdmin.memberships[0]!.companyId;
    // The other company's admin, on their own company: the key is not theirs, so it is not found.
    await expect(
      revokeApiKey(test.db, { actor: otherAdmin, companyId: otherCompany, keyId: id }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(listApiKeys(test.db, otherAdmin, companyId)).rejects.toMatchObject({ status: 404 });
    expect((await test.db.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    await expect(createApiKey(test.db, { actor: admin, companyId, name: "Nothing", scopes: [] })).rejects.toMatchObject(
      { code: "apiKeyScopes", field: "scopes" },
    );
  });

  it("limits each key to its calls per minute, concurrent calls included, without touching other keys", async () => {
    const { limit } = apiKeyLimit();
    const busy = await createApiKey(test.db, { actor: admin, companyId, name: "Busy", scopes: ["events:read"] });
    const calm = await createApiKey(test.db, { actor: admin, companyId, name: "Calm", scopes: ["events:read"] });
    const now = new Date("2026-12-01T10:00:00Z");
    const results = await Promise.allSettled(
      Array.from({ length: limit + 5 }, () =>
        authenticateApiKey(test.db, { authorization: bearer(busy.key), scope: "events:read", now }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(limit);
    expect(results.filter((result) => result.status === "rejected")).toHaveLength(5);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ status: 429 });
    }
    await expect(
      authenticateApiKey(test.db, { authorization: bearer(calm.key), scope: "events:read", now }),
    ).resolves.toMatchObject({ companyId });
    // The next minute the busy key works again.
    const later = new Date(now.getTime() + 61_000);
    await expect(
      authenticateApiKey(test.db, { authorization: bearer(busy.key), scope: "events:read", now: later }),
    ).resolves.toMatchObject({ companyId });
  });
});

/** The part of a key after its shown prefix: never written anywhere. */
const PREFIX_TAIL = 12;
