import { AIR_KG } from "~/domain/scheduling/equipment";
import type { Parties, StoredCargo } from "~/schemas/booking";
import { hasDangerousGoods } from "./cargo-rules";
import { chargeableWeight, type AirPiece } from "./chargeable-weight";
import { priceBooking, type Price } from "./pricing";

export interface QuoteInput {
  capacities: { equipmentCode: string; tariffMinor: number; currency: string; minChargeMinor: number | null }[];
  containers?: { equipmentCode: string; quantity: number }[];
  pieces?: AirPiece[];
  doorPickup: boolean;
  doorDelivery: boolean;
  dangerousGoods: boolean;
}

/**
 * The all-in price of a draft at the departure's current tariffs, and what it takes from the
 * departure (container units, or chargeable kg rounded up to whole kg of capacity).
 */
export function quote(input: QuoteInput): {
  price: Price;
  takes: { equipmentCode: string; quantity: number }[];
  chargeableKg?: number;
} {
  const tariff = new Map(input.capacities.map((capacity) => [capacity.equipmentCode, capacity]));
  const currency = input.capacities[0]?.currency;
  if (!currency) throw new Error("The departure sells nothing");
  if (input.pieces && input.pieces.length > 0) {
    const air = tariff.get(AIR_KG);
    if (!air) throw new Error("The departure sells no air cargo");
    const weight = chargeableWeight(input.pieces);
    return {
      price: priceBooking({
        currency,
        air: { chargeableKg: weight.chargeableKg, ratePerKgMinor: air.tariffMinor, minChargeMinor: air.minChargeMinor },
        doorPickup: input.doorPickup,
        doorDelivery: input.doorDelivery,
        dangerousGoods: input.dangerousGoods,
      }),
      takes: [{ equipmentCode: AIR_KG, quantity: Math.ceil(weight.chargeableKg) }],
      chargeableKg: weight.chargeableKg,
    };
  }
  const containers = (input.containers ?? []).filter((line) => line.quantity > 0);
  return {
    price: priceBooking({
      currency,
      containers: containers.map((line) => {
        const offer = tariff.get(line.equipmentCode);
        if (!offer) throw new Error(`The departure sells no ${line.equipmentCode}`);
        return { ...line, tariffMinor: offer.tariffMinor };
      }),
      doorPickup: input.doorPickup,
      doorDelivery: input.doorDelivery,
      dangerousGoods: input.dangerousGoods,
    }),
    takes: containers.map(({ equipmentCode, quantity }) => ({ equipmentCode, quantity })),
  };
}

/** What a draft collects, step by step, before anything is held. */
export interface DraftDetails {
  containers?: { equipmentCode: string; quantity: number; shipperOwned: boolean }[];
  pieces?: AirPiece[];
  cargo?: StoredCargo;
  parties?: Parties;
}

/**
 * The price of a draft as it stands: what the review step shows, the hold charges, and the
 * browser shows live while the form is filled in (this module runs on both sides).
 */
export function quoteDetails(details: DraftDetails, capacities: QuoteInput["capacities"]) {
  return quote({
    capacities,
    containers: details.containers,
    pieces: details.pieces,
    doorPickup: details.parties?.doorPickup ?? false,
    doorDelivery: details.parties?.doorDelivery ?? false,
    dangerousGoods: hasDangerousGoods(details.cargo),
  });
}
