import { z } from "zod";
import { AIR_KG } from "~/domain/scheduling/equipment";
import { isReefer } from "./cargo-rules";

/**
 * The all-in price (一口价) of a booking, with its breakdown. Money is integer minor units of
 * the departure's currency; every line is rounded once and the total is their sum, so the
 * breakdown always adds up to what is charged.
 */
export type PriceLineKind =
  | "FREIGHT"
  | "AIR_FREIGHT"
  | "AIR_MINIMUM"
  | "DOOR_PICKUP"
  | "DOOR_DELIVERY"
  | "REEFER"
  | "DANGEROUS_GOODS"
  | "DOCUMENTATION";

export interface PriceLine {
  kind: PriceLineKind;
  equipmentCode?: string;
  quantity: number;
  unitMinor: number;
  amountMinor: number;
}

const PRICE_LINE_KINDS = [
  "FREIGHT",
  "AIR_FREIGHT",
  "AIR_MINIMUM",
  "DOOR_PICKUP",
  "DOOR_DELIVERY",
  "REEFER",
  "DANGEROUS_GOODS",
  "DOCUMENTATION",
] as const satisfies readonly PriceLineKind[];

export const PriceLinesSchema = z.array(
  z.object({
    kind: z.enum(PRICE_LINE_KINDS),
    equipmentCode: z.string().optional(),
    quantity: z.number(),
    unitMinor: z.number().int(),
    amountMinor: z.number().int(),
  }),
);

/**
 * The breakdown a booking accepted, as stored with it (`Booking.priceLines`, JSON). Read
 * through this one parser, so that a row that does not hold a breakdown fails loudly here
 * instead of printing NaN on an invoice.
 */
export function readPriceLines(stored: string): PriceLine[] {
  return PriceLinesSchema.parse(JSON.parse(stored));
}

export interface Price {
  currency: string;
  lines: PriceLine[];
  totalMinor: number;
}

/** Published surcharges per currency (illustrative demo tariff). */
export interface Surcharges {
  doorPickupPerContainer: number;
  doorDeliveryPerContainer: number;
  doorPickupAir: number;
  doorDeliveryAir: number;
  reeferPerContainer: number;
  dangerousGoodsPerContainer: number;
  dangerousGoodsAir: number;
  documentation: number;
}

export const SURCHARGES: Record<string, Surcharges> = {
  CNY: {
    doorPickupPerContainer: 180_000,
    doorDeliveryPerContainer: 260_000,
    doorPickupAir: 60_000,
    doorDeliveryAir: 90_000,
    reeferPerContainer: 350_000,
    dangerousGoodsPerContainer: 420_000,
    dangerousGoodsAir: 150_000,
    documentation: 30_000,
  },
  USD: {
    doorPickupPerContainer: 25_000,
    doorDeliveryPerContainer: 36_000,
    doorPickupAir: 8_500,
    doorDeliveryAir: 12_500,
    reeferPerContainer: 48_000,
    dangerousGoodsPerContainer: 58_000,
    dangerousGoodsAir: 21_000,
    documentation: 4_500,
  },
  EUR: {
    doorPickupPerContainer: 23_000,
    doorDeliveryPerContainer: 33_000,
    doorPickupAir: 7_800,
    doorDeliveryAir: 11_500,
    reeferPerContainer: 44_000,
    dangerousGoodsPerContainer: 53_000,
    dangerousGoodsAir: 19_500,
    documentation: 4_000,
  },
};

export interface PriceRequest {
  currency: string;
  /** Container lines (train) with the departure's tariff per unit. */
  containers?: { equipmentCode: string; quantity: number; tariffMinor: number }[];
  /** Air cargo: chargeable kg at the departure's rate per kg, with its minimum charge. */
  air?: { chargeableKg: number; ratePerKgMinor: number; minChargeMinor: number | null };
  doorPickup: boolean;
  doorDelivery: boolean;
  dangerousGoods: boolean;
}

export function priceBooking(request: PriceRequest): Price {
  const surcharges = SURCHARGES[request.currency];
  if (!surcharges) throw new Error(`No published surcharges in ${request.currency}`);
  const lines: PriceLine[] = [];
  const line = (kind: PriceLineKind, quantity: number, unitMinor: number, equipmentCode?: string) => {
    if (quantity > 0)
      lines.push({ kind, equipmentCode, quantity, unitMinor, amountMinor: Math.round(quantity * unitMinor) });
  };

  const containers = (request.containers ?? []).filter((container) => container.quantity > 0);
  const boxes = containers.reduce((sum, container) => sum + container.quantity, 0);
  for (const container of containers)
    line("FREIGHT", container.quantity, container.tariffMinor, container.equipmentCode);

  if (request.air) {
    const freight = Math.round(request.air.chargeableKg * request.air.ratePerKgMinor);
    if (request.air.minChargeMinor !== null && freight < request.air.minChargeMinor) {
      line("AIR_MINIMUM", 1, request.air.minChargeMinor, AIR_KG);
    } else {
      line("AIR_FREIGHT", request.air.chargeableKg, request.air.ratePerKgMinor, AIR_KG);
    }
  }

  const air = Boolean(request.air);
  if (request.doorPickup)
    line("DOOR_PICKUP", air ? 1 : boxes, air ? surcharges.doorPickupAir : surcharges.doorPickupPerContainer);
  if (request.doorDelivery)
    line("DOOR_DELIVERY", air ? 1 : boxes, air ? surcharges.doorDeliveryAir : surcharges.doorDeliveryPerContainer);
  const reefers = containers
    .filter((container) => isReefer(container.equipmentCode))
    .reduce((sum, container) => sum + container.quantity, 0);
  line("REEFER", reefers, surcharges.reeferPerContainer);
  if (request.dangerousGoods)
    line(
      "DANGEROUS_GOODS",
      air ? 1 : boxes,
      air ? surcharges.dangerousGoodsAir : surcharges.dangerousGoodsPerContainer,
    );
  line("DOCUMENTATION", 1, surcharges.documentation);

  return { currency: request.currency, lines, totalMinor: lines.reduce((sum, priced) => sum + priced.amountMinor, 0) };
}
