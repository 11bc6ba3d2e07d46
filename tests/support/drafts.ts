import { newBookingReference } from "~/domain/booking/reference";
import type { DraftDetails } from "~/domain/booking/quote";
import type { Db } from "~/utils/db.server";
import { DEMO_CARGO, DEMO_PARTIES } from "../../seeds/data/demo-consignment";

/** A complete, reviewed draft's details: only the containers vary. */
export function reviewedDetails(containers: { equipmentCode: string; quantity: number }[]): DraftDetails {
  return {
    containers: containers.map((line) => ({ ...line, shipperOwned: false })),
    cargo: DEMO_CARGO,
    parties: DEMO_PARTIES,
  };
}

/** `count` drafts ready to be held, written in one statement; returns their references. */
export async function createReviewedDrafts(
  db: Db,
  input: {
    companyId: string;
    userId: string;
    departureId: string;
    count: number;
    containers: { equipmentCode: string; quantity: number }[];
  },
): Promise<string[]> {
  const references = Array.from({ length: input.count }, () => newBookingReference());
  await db.booking.createMany({
    data: references.map((reference) => ({
      reference,
      companyId: input.companyId,
      departureId: input.departureId,
      createdById: input.userId,
      status: "DRAFT",
      currency: "USD",
      totalMinor: 0,
      priceLines: "[]",
      details: JSON.stringify(reviewedDetails(input.containers)),
    })),
  });
  return references;
}
