import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { createSession } from "~/domain/identity/session.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { WaybillContentSchema } from "~/domain/waybill/content";
import { approveWaybillDraft, submitWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { issueWaybill } from "~/domain/waybill/issue-waybill.server";
import { amendWaybillSeaVoyages, saveSeaVoyage } from "~/domain/waybill/sea-voyages.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { complaints, transportDocumentValidator } from "../support/dcsa";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { submitDemoInstructions } from "../support/waybill";

/*
 * The DCSA eBL 3.0 form of the through waybill (decision 016), served at
 * /{lang}/waybills/{number}.ebl.json: a Qinzhou → Singapore booking's document validates against
 * `TransportDocument` of the official EBL_v3.0.3.yaml; a rail-only one says why it has none.
 */
const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const engine = process.env.TEST_DATABASE ?? "sqlite";
const meta = { ipAddress: "203.0.113.60", userAgent: "vitest" };
// env() is read on first use: the operator's carrier code for this file's documents.
process.env.OPERATOR_CARRIER_CODE = "SGWX";
process.env.OPERATOR_CARRIER_CODE_LIST = "NMFTA";

let test: TestDatabase;
let booker: Actor;
let lanzhouStaff: Actor;
const cookies: Record<string, string> = {};
const departures: Record<"qinzhou" | "duisburg", string[]> = { qinzhou: [], duisburg: [] };
let made = 0;
const validate = transportDocumentValidator();

type Loader = (args: unknown) => Promise<unknown>;
let loader: Loader;

beforeAll(async () => {
  test = await createTestDatabase();
  // The route reaches the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  for (const [name, email] of Object.entries({
    booker: "booker@lanzhou-silkroad.example",
    lanzhouStaff: "staff.lanzhou@silu-gateway.example",
    wuweiAdmin: "admin@wuwei-agri.example",
    wuweiStaff: "staff.wuwei@silu-gateway.example",
  })) {
    const user = await test.db.user.findUniqueOrThrow({ where: { email } });
    cookies[name] = (await createSession(test.db, user.id, meta)).split(";")[0]!;
    if (name === "booker") booker = await loadActor(test.db, user.id);
    if (name === "lanzhouStaff") lanzhouStaff = await loadActor(test.db, user.id);
  }
  for (const [key, destinationCode] of [
    ["qinzhou", "SGSIN"],
    ["duisburg", "DEDUI"],
  ] as const) {
    const open = await test.db.departure.findMany({
      where: {
        status: "OPEN",
        service: { originCode: "CNLAZ", destinationCode },
        capacities: { some: { equipmentCode: "45G1", available: { gte: 4 } } },
        cargoCutoffAt: { gt: new Date(NOW.getTime() + 7 * 86_400_000) },
      },
      orderBy: { departureAt: "asc" },
    });
    departures[key] = open.map((departure) => departure.id);
  }
  loader = (await import("../../app/routes/$lang.waybills.$file")).loader as Loader;
});

afterAll(async () => {
  await test?.drop();
});

/** An issued waybill of the Lanzhou exporter on the next departure to Singapore or Duisburg. */
async function issuedWaybill(to: "qinzhou" | "duisburg", beforeIssue?: (departureId: string) => Promise<void>) {
  const departureId = departures[to][(made += 1) % departures[to].length]!;
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  await confirmOnAccount(test.db, booker, reference!, "en", later(1));
  await submitDemoInstructions(test.db, booker, reference!, later(2));
  await submitWaybillDraft(test.db, { actor: booker, reference: reference!, consigneeLocale: "en" });
  await approveWaybillDraft(test.db, { actor: booker, reference: reference! });
  await beforeIssue?.(departureId);
  const issued = await issueWaybill(test.db, { actor: lanzhouStaff, reference: reference!, now: later(10) });
  return { reference: reference!, departureId, ...issued };
}

/** The route's answer to `as` for a waybill file: a Response, or the status thrown. */
async function get(as: string, file: string, lang = "en", query = "") {
  const request = new Request(`http://localhost/${lang}/waybills/${file}${query}`, {
    headers: { Cookie: cookies[as]! },
  });
  try {
    return (await loader({ request, params: { lang, file }, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    const status = (thrown as { init?: { status?: number } }).init?.status;
    if (status) return new Response(null, { status });
    throw thrown;
  }
}

describe(`DCSA eBL form of the through waybill (${engine})`, () => {
  it("serves a Qinzhou → Singapore document as a TransportDocument that validates against DCSA eBL 3.0.3", async () => {
    const issued = await issuedWaybill("qinzhou");
    const voyage = await test.db.departureVoyage.findFirstOrThrow({ where: { departureId: issued.departureId } });
    // The vessel, voyage and carrier code were copied into the version at issue.
    expect(issued.content.legs.map((leg) => leg.mode)).toEqual(["RAIL", "RAIL", "SEA"]);
    expect(issued.content.legs[2]!.vessel).toEqual({
      name: voyage.vesselName,
      imoNumber: voyage.vesselImo,
      voyageNumber: voyage.voyageNumber,
    });
    expect(issued.content.multimodalTransportOperator.carrierCode).toEqual({ code: "SGWX", listProvider: "NMFTA" });

    for (const reader of ["booker", "lanzhouStaff"]) {
      const response = await get(reader, `${issued.number}.ebl.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(response.headers.get("API-Version")).toBe("3.0.3");
      expect(response.headers.get("Link")).toContain("EBL_v3.0.3.yaml");
      const document = await response.json();
      expect(validate(document), complaints(validate)).toBe(true);
      expect(document).toMatchObject({
        transportDocumentReference: issued.number,
        transportDocumentStatus: "ISSUED",
        // To the bank's order with three paper originals (the demo instructions): a bill of lading.
        transportDocumentTypeCode: "BOL",
        isToOrder: true,
        numberOfOriginalsWithoutCharges: 3,
        carrierCode: "SGWX",
        carrierCodeListProvider: "NMFTA",
        transports: {
          preCarriageBy: "RAIL",
          placeOfReceipt: { UNLocationCode: "CNLAZ" },
          portOfLoading: { UNLocationCode: "CNQZH" },
          portOfDischarge: { UNLocationCode: "SGSIN" },
          vesselVoyages: [{ vesselName: voyage.vesselName, carrierExportVoyageNumber: voyage.voyageNumber }],
        },
        documentParties: { consignee: { partyName: "Deutsche Bank AG, Duisburg" } },
      });
      expect(document.utilizedTransportEquipments.map((unit: { equipment: object }) => unit.equipment)).toEqual([
        { equipmentReference: "CSQU3054383", ISOEquipmentCode: "45G1" },
        { equipmentReference: "TEXU3070079", ISOEquipmentCode: "45G1" },
      ]);
    }
    // Our own JSON form of the same version carries the vessel too, and still meets waybill-v1.json.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
    addFormats.default(ajv);
    const own = ajv.compile(JSON.parse(fs.readFileSync("public/schemas/waybill-v1.json", "utf8")));
    const json = await (await get("booker", `${issued.number}.json`)).json();
    expect(own(json), JSON.stringify(own.errors)).toBe(true);
    expect(WaybillContentSchema.parse(json).legs[2]!.vessel?.name).toBe(voyage.vesselName);
  });

  it("shows another company and another port's staff nothing (404), in either JSON form", async () => {
    const issued = await issuedWaybill("qinzhou");
    for (const outsider of ["wuweiAdmin", "wuweiStaff"]) {
      for (const file of [`${issued.number}.ebl.json`, `${issued.number}.json`]) {
        expect((await get(outsider, file)).status).toBe(404);
      }
    }
    expect((await get("booker", `${issued.number}.ebl.json`, "en", "?version=2")).status).toBe(404);
    expect((await get("booker", "SGW-LAZ-26-999999-A.ebl.json")).status).toBe(404);
  });

  it("refuses the DCSA form of a rail-only Lanzhou → Duisburg document, saying why in the reader's language", async () => {
    const issued = await issuedWaybill("duisburg");
    const response = await get("booker", `${issued.number}.ebl.json`);
    expect(response.status).toBe(409);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    const problem = await response.json();
    expect(problem).toMatchObject({ status: 409, code: "waybillNoSeaLeg" });
    expect(problem.detail).toContain("no sea leg");
    const german = await (await get("booker", `${issued.number}.ebl.json`, "de")).json();
    expect(german.detail).toContain("keinen Seeabschnitt");
    // Its own JSON form is there as always.
    expect((await get("booker", `${issued.number}.json`)).status).toBe(200);
  });

  it("waits for the vessel: unknown at issue is 409, and the amendment that adds it gives a valid version 2", async () => {
    const issued = await issuedWaybill("qinzhou", async (departureId) => {
      // Staff do not know this sailing's vessel yet.
      await test.db.departureVoyage.deleteMany({ where: { departureId } });
    });
    expect(issued.content.legs[2]!.vessel).toBeNull();
    const before = await get("booker", `${issued.number}.ebl.json`);
    expect(before.status).toBe(409);
    expect(await before.json()).toMatchObject({ code: "waybillVesselUnknown" });

    await saveSeaVoyage(test.db, {
      departureId: issued.departureId,
      legSequence: 3,
      vesselName: "QINZHOU EXPRESS",
      imoNumber: "IMO 9607124",
      voyageNumber: "2651S",
    });
    const amended = await amendWaybillSeaVoyages(test.db, {
      actor: lanzhouStaff,
      reference: issued.reference,
      reason: "Vessel and voyage nominated",
    });
    expect(amended.version).toBe(2);
    expect(amended.content.legs[2]!.vessel).toEqual({
      name: "QINZHOU EXPRESS",
      imoNumber: "9607124",
      voyageNumber: "2651S",
    });
    const document = await (await get("booker", `${issued.number}.ebl.json`)).json();
    expect(validate(document), complaints(validate)).toBe(true);
    expect(document).toMatchObject({ transportDocumentSubReference: "2", transportDocumentStatus: "ISSUED" });
    // Version 1 stays as it was issued: still no vessel, so still no DCSA form.
    expect((await get("booker", `${issued.number}.ebl.json`, "en", "?version=1")).status).toBe(409);
    // Nothing new to add: no version 3.
    await expect(
      amendWaybillSeaVoyages(test.db, { actor: lanzhouStaff, reference: issued.reference, reason: "Again" }),
    ).rejects.toMatchObject({ code: "waybillUnchanged" });
    // Only the origin port's staff amend.
    await expect(
      amendWaybillSeaVoyages(test.db, { actor: booker, reference: issued.reference, reason: "Mine" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a voyage on a leg that is not at sea, or an IMO number with a wrong check digit", async () => {
    const departureId = departures.qinzhou[0]!;
    await expect(
      saveSeaVoyage(test.db, { departureId, legSequence: 1, vesselName: "X", imoNumber: null, voyageNumber: "1" }),
    ).rejects.toMatchObject({ code: "waybillNoSeaLeg" });
    await expect(
      saveSeaVoyage(test.db, { departureId, legSequence: 3, vesselName: "X", imoNumber: "9607125", voyageNumber: "1" }),
    ).rejects.toThrow(/IMO/);
  });
});
