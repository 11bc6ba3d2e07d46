import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDetails } from "~/domain/booking/consignment";
import { amendBooking } from "~/domain/booking/amend-booking.server";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { findCompanyBooking, listCompanyBookings } from "~/domain/booking/find-bookings.server";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { saveCargoStep, saveEquipmentStep, savePartiesStep } from "~/domain/booking/draft-steps.server";
import { startDraft } from "~/domain/booking/start-draft.server";
import { createReviewedDrafts, reviewedDetails } from "../support/drafts";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { CargoLineSchema, parsePartiesForm } from "~/schemas/booking";
import { BOOKING_STATUSES } from "~/domain/booking/statuses";
import { presentConsignment } from "~/domain/booking/consignment-view";
import { correctParties, detailsVersion } from "~/domain/booking/correct-parties.server";
import { quoteDetails } from "~/domain/booking/quote";
import { listRevisions } from "~/domain/booking/revisions.server";
import { DEMO_PARTIES } from "../../seeds/data/demo-consignment";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { statusOf } from "../support/refusals";

const NOW = new Date("2026-12-01T00:00:00Z");
const meta = { ipAddress: "198.51.100.10", userAgent: "vitest" };
let test: TestDatabase;
let booker: Actor;
let otherCompany: Actor;
let departureId: string;

async function actorOf(email: string) {
  return loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
}
const capacity = () =>
  test.db.departureCapacity.findUniqueOrThrow({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
  });

const GOJI = {
  description: "Dried goji berries in cartons",
  hsCode: "0813.40",
  grossWeightKg: "20000",
  packages: "1600",
  packageType: "CARTONS",
  volumeM3: "80",
};

async function completeDraft(reference: string) {
  await saveEquipmentStep(test.db, booker, reference, {
    containers: [{ equipmentCode: "45G1", quantity: 2, shipperOwned: false }],
  });
  await saveCargoStep(test.db, booker, reference, {
    lines: [
      CargoLineSchema.parse(GOJI),
      CargoLineSchema.parse({
        ...GOJI,
        description: "Dried apricots in bags",
        hsCode: "081310",
        grossWeightKg: "10000",
        packageType: "BAGS",
      }),
    ],
  });
  await savePartiesStep(test.db, booker, reference, {
    ...DEMO_PARTIES,
    doorPickup: true,
    pickupAddress: { addressLines: ["兰州新区综合保税区 3 号库"], city: "兰州", countryCode: "CN" },
  });
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  booker = await actorOf("booker@lanzhou-silkroad.example");
  otherCompany = await actorOf("admin@wuwei-agri.example");
  const service = await test.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
  const departure = await test.db.departure.findFirstOrThrow({
    where: { serviceId: service.id, cargoCutoffAt: { gt: new Date(NOW.getTime() + 10 * 86_400_000) } },
    orderBy: { departureAt: "asc" },
  });
  departureId = departure.id;
  await test.db.departureCapacity.update({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
    data: { available: 10, held: 0, booked: 20 },
  });
});
afterAll(async () => {
  await test?.drop();
});

describe(`bookings (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("drafts, prices and holds 2 × 40' HQ with door pick-up, then cancels and gives the slots back", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    expect(draft.status).toBe("DRAFT");
    expect(draft.reference).toMatch(/^SG-/);
    await completeDraft(draft.reference);

    const hold = await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: draft.reference,
      now: NOW,
    });
    const held = await findCompanyBooking(test.db, booker, draft.reference);
    expect(held.status).toBe("HELD");
    expect(hold.holdExpiresAt).toEqual(held.holdExpiresAt);
    expect(held.holdExpiresAt!.getTime() - NOW.getTime()).toBe(30 * 60_000);
    expect(held.lines).toEqual([expect.objectContaining({ equipmentCode: "45G1", quantity: 2 })]);
    const lines = JSON.parse(held.priceLines) as { kind: string; amountMinor: number }[];
    expect(lines.map((line) => line.kind)).toEqual(["FREIGHT", "DOOR_PICKUP", "DOCUMENTATION"]);
    expect(held.totalMinor).toBe(lines.reduce((sum, line) => sum + line.amountMinor, 0));
    expect(await capacity()).toMatchObject({ available: 8, held: 2 });

    // The same review submitted again holds nothing more.
    await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: draft.reference,
      now: NOW,
    });
    expect(await capacity()).toMatchObject({ available: 8, held: 2 });

    const fee = await cancelBooking(test.db, { actor: booker, reference: draft.reference, meta, now: NOW });
    expect(fee.feeMinor).toBe(0);
    expect(await capacity()).toMatchObject({ available: 10, held: 0 });
    const cancelled = await findCompanyBooking(test.db, booker, draft.reference);
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.events.map((event) => event.type)).toEqual(["DRAFTED", "HELD", "CANCELLED"]);
    expect(await statusOf(cancelBooking(test.db, { actor: booker, reference: draft.reference, meta, now: NOW }))).toBe(
      409,
    );
  });

  it("never shows or changes another company's booking, whatever its reference", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    expect(await statusOf(findCompanyBooking(test.db, otherCompany, draft.reference))).toBe(404);
    expect(
      await statusOf(
        holdBooking(test.db, {
          acceptedTerms: CARRIAGE_TERMS_VERSION,
          actor: otherCompany,
          reference: draft.reference,
          now: NOW,
        }),
      ),
    ).toBe(404);
    expect(
      await statusOf(cancelBooking(test.db, { actor: otherCompany, reference: draft.reference, meta, now: NOW })),
    ).toBe(404);
    expect(await statusOf(findCompanyBooking(test.db, otherCompany, "SG-0000-0000"))).toBe(404);
  });

  it("refuses an incomplete draft and a departure past its cut-off", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    await expect(
      holdBooking(test.db, {
        acceptedTerms: CARRIAGE_TERMS_VERSION,
        actor: booker,
        reference: draft.reference,
        now: NOW,
      }),
    ).rejects.toMatchObject({
      code: "draftIncomplete",
    });
    await completeDraft(draft.reference);
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    await expect(
      holdBooking(test.db, {
        acceptedTerms: CARRIAGE_TERMS_VERSION,
        actor: booker,
        reference: draft.reference,
        now: departure.docCutoffAt,
      }),
    ).rejects.toMatchObject({
      code: "bookingClosed",
    });
    await expect(startDraft(test.db, booker, departureId, departure.docCutoffAt)).rejects.toMatchObject({
      code: "bookingClosed",
    });
  });
});

describe(`consignment steps (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("stores several cargo lines in canonical form, and refuses each broken rule at its line", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    await completeDraft(draft.reference);
    const stored = readDetails((await findCompanyBooking(test.db, booker, draft.reference)).details);
    expect(stored.cargo!.lines.map((line) => [line.hsCode, line.hsSubheading])).toEqual([
      ["081340", "081340"],
      ["081310", "081310"],
    ]);
    expect(stored.parties!.pickupAddress).toEqual({
      addressLines: ["兰州新区综合保税区 3 号库"],
      city: "兰州",
      countryCode: "CN",
    });

    const refused = saveCargoStep(test.db, booker, draft.reference, {
      lines: [
        CargoLineSchema.parse(GOJI),
        CargoLineSchema.parse({ ...GOJI, description: "General cargo", hsCode: "999999", grossWeightKg: "40000" }),
      ],
    });
    await expect(refused).rejects.toMatchObject({
      code: "invalid",
      status: 400,
      fields: {
        "lines.1.description": "errors.vagueDescription",
        "lines.1.hsCode": "errors.hsCode",
        "lines.1.grossWeightKg": "errors.overPayload?limit=53000&total=60000",
      },
    });
    // Nothing half-written: the saved cargo is still the one before.
    const after = readDetails((await findCompanyBooking(test.db, booker, draft.reference)).details);
    expect(after.cargo).toEqual(stored.cargo);
    expect(await statusOf(saveCargoStep(test.db, otherCompany, draft.reference, stored.cargo!))).toBe(404);
  });

  it("takes FOB only on a route with a sea leg", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    await expect(
      savePartiesStep(test.db, booker, draft.reference, { ...DEMO_PARTIES, incoterm: "FOB" }),
    ).rejects.toMatchObject({ code: "invalid", fields: { incoterm: "errors.incotermMode" } });
    const toSingapore = await test.db.departure.findFirstOrThrow({
      where: { service: { code: "LAZ-SIN-QZH" }, cargoCutoffAt: { gt: new Date(NOW.getTime() + 86_400_000) } },
      orderBy: { departureAt: "asc" },
    });
    const bySea = await startDraft(test.db, booker, toSingapore.id, NOW);
    const saved = await savePartiesStep(test.db, booker, bySea.reference, { ...DEMO_PARTIES, incoterm: "FOB" });
    expect(saved.parties?.incoterm).toBe("FOB");
  });

  it("refuses containers the departure does not sell, and pieces on a train", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    for (const equipment of [
      { containers: [{ equipmentCode: "99Z9", quantity: 1, shipperOwned: false }] },
      { containers: [] },
      { pieces: [{ quantity: 1, lengthCm: 100, widthCm: 100, heightCm: 100, grossKg: 50 }] },
    ]) {
      await expect(saveEquipmentStep(test.db, booker, draft.reference, equipment)).rejects.toMatchObject({
        code: "nothingToBook",
      });
    }
  });

  it("reads bookings stored in the first shape, in every status; a first-shape draft is completed before it is held", async () => {
    const firstShape = {
      containers: [{ equipmentCode: "45G1", quantity: 1, shipperOwned: false }],
      cargo: {
        description: "Dried goji berries in cartons",
        hsCode: "081340",
        hsSubheading: "081340",
        grossWeightKg: 12000,
        packages: 900,
        packageType: "CARTONS",
        volumeM3: 40,
        dangerous: false,
        reeferTemperatureC: 4,
      },
      parties: {
        shipperName: "兰州丝路进出口有限公司",
        shipperAddress: "甘肃省兰州市\n兰州新区 1 号",
        consigneeName: "Duisburg Foods GmbH",
        consigneeAddress: "Hafenstraße 1\n47119 Duisburg\nDeutschland\nTor 3\nRampe 7",
        doorPickup: true,
        pickupAddress: "兰州新区综合保税区 3 号库",
        doorDelivery: false,
        incoterm: "FCA",
      },
    };
    for (const status of BOOKING_STATUSES) {
      const draft = await startDraft(test.db, booker, departureId, NOW);
      await test.db.booking.update({ where: { id: draft.id }, data: { status, details: JSON.stringify(firstShape) } });
      const details = readDetails((await findCompanyBooking(test.db, booker, draft.reference)).details);
      expect(details.cargo, status).toEqual({
        lines: [{ ...firstShape.cargo, reeferTemperatureC: undefined }].map(
          ({ reeferTemperatureC: _, ...line }) => line,
        ),
        reeferTemperatureC: 4,
      });
      expect(details.parties, status).toMatchObject({
        shipper: {
          name: "兰州丝路进出口有限公司",
          addressLines: ["甘肃省兰州市", "兰州新区 1 号"],
          city: "",
          countryCode: "",
        },
        consignee: { addressLines: ["Hafenstraße 1", "47119 Duisburg", "Deutschland", "Tor 3, Rampe 7"] },
        pickupAddress: { addressLines: ["兰州新区综合保税区 3 号库"] },
        incoterm: "FCA",
      });
      expect(presentConsignment(details, "en").parties.map((party) => party.name)).toEqual([
        "兰州丝路进出口有限公司",
        "Duisburg Foods GmbH",
      ]);
      if (status === "DRAFT") {
        // City and country were never asked for: the exporter completes the parties step first.
        await expect(
          holdBooking(test.db, {
            acceptedTerms: CARRIAGE_TERMS_VERSION,
            actor: booker,
            reference: draft.reference,
            now: NOW,
          }),
        ).rejects.toMatchObject({
          code: "draftIncomplete",
        });
        await savePartiesStep(test.db, booker, draft.reference, DEMO_PARTIES);
        await holdBooking(test.db, {
          acceptedTerms: CARRIAGE_TERMS_VERSION,
          actor: booker,
          reference: draft.reference,
          now: NOW,
        });
        expect((await findCompanyBooking(test.db, booker, draft.reference)).status).toBe("HELD");
        await cancelBooking(test.db, { actor: booker, reference: draft.reference, meta, now: NOW });
      }
    }
  });
});

describe(`party corrections (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  const { doorPickup: _pickup, doorDelivery: _delivery, ...correctable } = DEMO_PARTIES;

  it("corrects the parties of a hold as one revision, keeps the door legs and the price, and repeats nothing", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    await completeDraft(draft.reference);
    await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: draft.reference,
      now: NOW,
    });
    const held = await findCompanyBooking(test.db, booker, draft.reference);
    const stored = readDetails(held.details).parties!;
    const consignee = { ...stored.consignee, addressLines: ["Ruhrorter Straße 9"], contactName: "Jan Becker" };
    const correction = {
      ...correctable,
      consignee,
      notify: { name: "Rhein Customs Brokers", addressLines: ["Zollhof 2"], city: "Duisburg", countryCode: "DE" },
      // A door leg that was not booked cannot be added by a correction.
      deliveryAddress: { addressLines: ["Hafen 1"], city: "Duisburg", countryCode: "DE" },
      pickupAddress: stored.pickupAddress,
    };
    const first = await correctParties(test.db, {
      actor: booker,
      reference: draft.reference,
      correction,
      meta,
      now: NOW,
    });
    expect(first.revision).toBe(1);
    const after = await findCompanyBooking(test.db, booker, draft.reference);
    const parties = readDetails(after.details).parties!;
    expect(parties.consignee).toEqual(consignee);
    expect(parties.notify?.name).toBe("Rhein Customs Brokers");
    expect(parties).toMatchObject({ doorPickup: true, doorDelivery: false });
    expect(parties.deliveryAddress).toBeUndefined();
    expect([after.totalMinor, after.priceLines]).toEqual([held.totalMinor, held.priceLines]);
    const [revision] = await listRevisions(test.db, held.id);
    expect(revision).toMatchObject({ number: 1, kind: "PARTIES", by: expect.any(String) });
    expect(Object.keys(revision!.after).sort()).toEqual(["consignee", "notify"]);
    expect(revision!.before).toEqual({ consignee: stored.consignee, notify: null });

    // The same correction again changes nothing and writes no revision.
    expect(
      (await correctParties(test.db, { actor: booker, reference: draft.reference, correction, meta, now: NOW }))
        .revision,
    ).toBeNull();
    expect(await listRevisions(test.db, held.id)).toHaveLength(1);
  });

  it("refuses drafts, other companies, corrections after the documents cut-off, and a booked door leg without its address", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    await completeDraft(draft.reference);
    const correction = { ...correctable, consignee: { ...correctable.consignee, city: "Dortmund" } };
    const attempt = (actor: Actor, now: Date) =>
      correctParties(test.db, { actor, reference: draft.reference, correction, meta, now });
    await expect(attempt(booker, NOW)).rejects.toMatchObject({ code: "notAmendable" });
    await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: draft.reference,
      now: NOW,
    });
    expect(await statusOf(attempt(otherCompany, NOW))).toBe(404);
    const { docCutoffAt } = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    await expect(attempt(booker, docCutoffAt)).rejects.toMatchObject({ code: "pastDocCutoff", status: 409 });
    // The pick-up was booked: its address cannot be taken away.
    await expect(attempt(booker, NOW)).rejects.toMatchObject({
      code: "invalid",
      fields: { pickupAddress: "errors.required" },
    });
    const booking = await findCompanyBooking(test.db, booker, draft.reference);
    expect(readDetails(booking.details).parties!.consignee.city).toBe("Duisburg");
  });

  it("takes the form as the page rendered it for no change, and refuses a form filled in on an older state", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    await completeDraft(draft.reference);
    await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: draft.reference,
      now: NOW,
    });
    const booking = await findCompanyBooking(test.db, booker, draft.reference);
    const stored = readDetails(booking.details).parties!;
    // The form as the page renders it: every field, blank ones included.
    const form = new FormData();
    for (const role of ["shipper", "consignee", "notify"] as const) {
      for (const field of [
        "name",
        "addressLines",
        "city",
        "postcode",
        "countryCode",
        "contactName",
        "phone",
        "email",
        "taxId",
      ]) {
        const value = (stored[role] as Record<string, unknown> | undefined)?.[field];
        form.set(`${role}_${field}`, Array.isArray(value) ? value.join("\n") : String(value ?? ""));
      }
    }
    for (const field of ["addressLines", "city", "postcode", "countryCode"]) {
      const value = (stored.pickupAddress as Record<string, unknown> | undefined)?.[field];
      form.set(`pickup_${field}`, Array.isArray(value) ? value.join("\n") : String(value ?? ""));
    }
    form.set("doorPickup", "on");
    form.set("incoterm", stored.incoterm);
    const { parties } = parsePartiesForm(form);
    const version = detailsVersion(booking.details);
    const same = await correctParties(test.db, {
      actor: booker,
      reference: draft.reference,
      correction: parties!,
      expectedVersion: version,
      meta,
      now: NOW,
    });
    expect(same.revision).toBeNull();
    await correctParties(test.db, {
      actor: booker,
      reference: draft.reference,
      correction: { ...parties!, consignee: { ...parties!.consignee, city: "Essen" } },
      expectedVersion: version,
      meta,
      now: NOW,
    });
    // A colleague's form, opened before that correction, does not undo it.
    await expect(
      correctParties(test.db, {
        actor: booker,
        reference: draft.reference,
        correction: { ...parties!, consignee: { ...parties!.consignee, contactName: "Jan Becker" } },
        expectedVersion: version,
        meta,
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: "changedMeanwhile" });
    const after = readDetails((await findCompanyBooking(test.db, booker, draft.reference)).details).parties!;
    expect(after.consignee).toMatchObject({ city: "Essen", contactName: stored.consignee.contactName });
  });

  it("lets one of two simultaneous corrections through and tells the other to look again", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    await completeDraft(draft.reference);
    await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: draft.reference,
      now: NOW,
    });
    const outcomes = await Promise.allSettled(
      ["Dortmund", "Essen"].map((city) =>
        correctParties(test.db, {
          actor: booker,
          reference: draft.reference,
          correction: {
            ...correctable,
            pickupAddress: { addressLines: ["兰州新区综合保税区 3 号库"], city: "兰州", countryCode: "CN" },
            consignee: { ...correctable.consignee, city },
          },
          meta,
          now: NOW,
        }),
      ),
    );
    const booking = await findCompanyBooking(test.db, booker, draft.reference);
    const revisions = await listRevisions(test.db, booking.id);
    const city = readDetails(booking.details).parties!.consignee.city;
    // Each correction that succeeded wrote one revision, and the last one written is what is stored.
    expect(revisions).toHaveLength(outcomes.filter((outcome) => outcome.status === "fulfilled").length);
    expect((revisions[0]!.after.consignee as { city: string }).city).toBe(city);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ code: "changedMeanwhile" });
    }
  });
});

describe(`a hold and the draft it holds (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("never holds at a price other than the details it holds, however a step save races it", async () => {
    for (let round = 0; round < 6; round += 1) {
      const draft = await startDraft(test.db, booker, departureId, NOW);
      await completeDraft(draft.reference);
      // Door delivery added (a surcharge) at the same time as the review is submitted.
      await Promise.allSettled([
        holdBooking(test.db, {
          acceptedTerms: CARRIAGE_TERMS_VERSION,
          actor: booker,
          reference: draft.reference,
          now: NOW,
        }),
        savePartiesStep(test.db, booker, draft.reference, {
          ...DEMO_PARTIES,
          doorPickup: true,
          pickupAddress: { addressLines: ["兰州新区综合保税区 3 号库"], city: "兰州", countryCode: "CN" },
          doorDelivery: true,
          deliveryAddress: { addressLines: ["Hafenstraße 1"], city: "Duisburg", countryCode: "DE" },
        }),
      ]);
      const booking = await findCompanyBooking(test.db, booker, draft.reference);
      if (booking.status !== "HELD") continue;
      const { price } = quoteDetails(readDetails(booking.details), booking.departure.capacities);
      expect(booking.totalMinor, `round ${round}`).toBe(price.totalMinor);
      await cancelBooking(test.db, { actor: booker, reference: draft.reference, meta, now: NOW });
    }
  });

  it("checks the cargo again when the containers changed after the cargo step", async () => {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    await completeDraft(draft.reference);
    // 30 t of cargo, then only one 40' HQ (about 28.5 t payload).
    await saveEquipmentStep(test.db, booker, draft.reference, {
      containers: [{ equipmentCode: "45G1", quantity: 1, shipperOwned: false }],
    });
    await expect(
      holdBooking(test.db, {
        acceptedTerms: CARRIAGE_TERMS_VERSION,
        actor: booker,
        reference: draft.reference,
        now: NOW,
      }),
    ).rejects.toMatchObject({
      code: "draftIncomplete",
      field: "cargo",
    });
  });
});

describe(`booking list and hold end (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("filters the company's bookings by departure, and another company's departure finds nothing", async () => {
    const elsewhere = await test.db.departure.findFirstOrThrow({
      where: { id: { not: departureId }, cargoCutoffAt: { gt: NOW }, service: { code: "LAZ-DUI-AKL" } },
    });
    const here = await startDraft(test.db, booker, departureId, NOW);
    const there = await startDraft(test.db, booker, elsewhere.id, NOW);
    const onHere = await listCompanyBookings(test.db, booker, { departure: departureId });
    expect(onHere.bookings.map((booking) => booking.reference)).toContain(here.reference);
    expect(onHere.bookings.map((booking) => booking.reference)).not.toContain(there.reference);
    expect(onHere.bookings.every((booking) => booking.departureId === departureId)).toBe(true);
    expect(onHere.departures.map((departure) => departure.id)).toEqual(
      expect.arrayContaining([departureId, elsewhere.id]),
    );
    // Wuwei's user sees none of Lanzhou's bookings or the departures they are on.
    const wuwei = await listCompanyBookings(test.db, otherCompany, { departure: departureId });
    expect(wuwei.bookings).toHaveLength(0);
    expect(wuwei.departures.map((departure) => departure.id)).not.toContain(departureId);
  });

  it("ends a hold at the cargo cut-off when that comes before HOLD_MINUTES", async () => {
    // A departure whose documents are due with the cargo (as some charters have it).
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    await test.db.departure.update({ where: { id: departureId }, data: { docCutoffAt: departure.cargoCutoffAt } });
    const tenMinutesBefore = new Date(departure.cargoCutoffAt.getTime() - 10 * 60_000);
    const draft = await startDraft(test.db, booker, departureId, tenMinutesBefore);
    await completeDraft(draft.reference);
    const hold = await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: draft.reference,
      now: tenMinutesBefore,
    });
    expect(hold.holdExpiresAt).toEqual(departure.cargoCutoffAt);
    await cancelBooking(test.db, { actor: booker, reference: draft.reference, meta, now: tenMinutesBefore });
    await test.db.departure.update({ where: { id: departureId }, data: { docCutoffAt: departure.docCutoffAt } });
  });
});

describe(`amendments (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  async function heldBooking() {
    const draft = await startDraft(test.db, booker, departureId, NOW);
    await completeDraft(draft.reference);
    await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: draft.reference,
      now: NOW,
    });
    return findCompanyBooking(test.db, booker, draft.reference);
  }
  const setAvailable = (available: number) =>
    test.db.departureCapacity.update({
      where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
      data: { available, held: 0, booked: 30 - available },
    });

  it("refuses an amendment that would take the company past its share of the departure", async () => {
    await test.db.booking.deleteMany({ where: { departureId } });
    await setAvailable(30);
    const booking = await heldBooking();
    const to = (quantity: number) =>
      amendBooking(test.db, {
        actor: booker,
        reference: booking.reference,
        containers: [{ equipmentCode: "45G1", quantity, shipperOwned: false }],
        meta,
        now: NOW,
      });
    // The hold has 2 × 40' HQ of the 30 on the departure; the company's share is 15.
    await expect(to(16)).rejects.toMatchObject({ code: "holdShareExceeded" });
    expect(await capacity()).toMatchObject({ available: 28, held: 2 });
    await expect(to(15)).resolves.toMatchObject({ lines: [expect.objectContaining({ quantity: 15 })] });
    expect(await capacity()).toMatchObject({ available: 15, held: 15 });
  });

  it("takes or gives back the difference and reprices, keeping the history", async () => {
    await test.db.booking.deleteMany({ where: { departureId } });
    await setAvailable(10);
    const booking = await heldBooking();
    const more = await amendBooking(test.db, {
      actor: booker,
      reference: booking.reference,
      containers: [{ equipmentCode: "45G1", quantity: 3, shipperOwned: false }],
      meta,
      now: NOW,
    });
    expect(more.lines).toEqual([expect.objectContaining({ quantity: 3 })]);
    expect(more.totalMinor).toBeGreaterThan(booking.totalMinor);
    expect(await capacity()).toMatchObject({ available: 7, held: 3 });
    const less = await amendBooking(test.db, {
      actor: booker,
      reference: booking.reference,
      containers: [{ equipmentCode: "45G1", quantity: 1, shipperOwned: false }],
      meta,
      now: NOW,
    });
    expect(less.totalMinor).toBeLessThan(booking.totalMinor);
    expect(await capacity()).toMatchObject({ available: 9, held: 1 });
    expect(less.events.filter((event) => event.type === "AMENDED")).toHaveLength(2);
    await expect(
      amendBooking(test.db, {
        actor: booker,
        reference: booking.reference,
        containers: [{ equipmentCode: "45G1", quantity: 20, shipperOwned: false }],
        meta,
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: "capacityGone" });
    expect(await capacity()).toMatchObject({ available: 9, held: 1 });
    expect(
      await statusOf(
        amendBooking(test.db, { actor: otherCompany, reference: booking.reference, containers: [], meta, now: NOW }),
      ),
    ).toBe(404);
  });

  it("never overbooks when an amendment races new holds", async () => {
    for (let round = 0; round < 5; round += 1) {
      await test.db.booking.deleteMany({ where: { departureId } });
      await setAvailable(5);
      const booking = await heldBooking();
      const others = await createReviewedDrafts(test.db, {
        companyId: booker.memberships[0]!.companyId,
        userId: booker.userId,
        departureId,
        count: 5,
        containers: [{ equipmentCode: "45G1", quantity: 1 }],
      });
      const holds = others.map((reference) =>
        holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW }),
      );
      const amendment = amendBooking(test.db, {
        actor: booker,
        reference: booking.reference,
        containers: [{ equipmentCode: "45G1", quantity: 5, shipperOwned: false }],
        meta,
        now: NOW,
      });
      await Promise.allSettled([amendment, ...holds]);
      const after = await capacity();
      const held = await test.db.bookingLine.aggregate({
        _sum: { quantity: true },
        where: { equipmentCode: "45G1", booking: { departureId, status: "HELD" } },
      });
      expect(after.available).toBeGreaterThanOrEqual(0);
      expect(after.available + after.held + after.booked).toBe(after.total);
      expect(after.held).toBe(held._sum.quantity);
      expect(after.held).toBeLessThanOrEqual(5);
    }
  });
});

describe("stored booking details", () => {
  it("are read through one parser that keeps what the wizard stored and refuses what it never would", () => {
    const stored = reviewedDetails([{ equipmentCode: "45G1", quantity: 2 }]);
    expect(readDetails(JSON.stringify(stored))).toEqual(stored);
    expect(readDetails("{}")).toEqual({});
    for (const broken of [
      { containers: [{ equipmentCode: "45G1", quantity: "two", shipperOwned: false }] },
      { cargo: { lines: [{ ...stored.cargo!.lines[0], grossWeightKg: -5 }] } },
      { cargo: { lines: [{ ...stored.cargo!.lines[0], hsSubheading: undefined }] } },
      { cargo: { lines: [] } },
      { parties: { ...stored.parties, consignee: { ...stored.parties!.consignee, name: "" } } },
      { parties: { ...stored.parties, shipper: undefined } },
    ]) {
      expect(() => readDetails(JSON.stringify({ ...stored, ...broken })), JSON.stringify(broken)).toThrow();
    }
  });
});
