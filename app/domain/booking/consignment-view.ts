import type { Locale } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import { countryName } from "~/domain/places/countries";
import type { Address, Party } from "~/schemas/booking";
import { cargoTotals } from "./cargo-rules";
import type { DraftDetails } from "./quote";

/** An address as it is written on an envelope: street lines, then postcode and city, then country. */
export function addressLines(address: Address, locale: Locale): string[] {
  const place = [address.postcode, address.city].filter(Boolean).join(" ");
  return [...address.addressLines, place, countryName(address.countryCode, locale)].filter(Boolean);
}

const presentParty = (party: Party, locale: Locale) => ({
  name: party.name,
  address: addressLines(party, locale),
  contact: [party.contactName, party.phone, party.email].filter(Boolean).join(" · "),
  taxId: party.taxId ?? "",
});

/** A booking's cargo lines and parties as its page shows them, in the reader's language. */
export function presentConsignment(details: DraftDetails, locale: Locale) {
  const { cargo, parties } = details;
  const totals = cargoTotals(cargo?.lines ?? []);
  return {
    lines: (cargo?.lines ?? []).map((line) => ({
      description: line.description,
      hsCode: line.hsCode,
      packages: formatNumber(line.packages, locale),
      packageType: line.packageType,
      grossWeightKg: formatNumber(line.grossWeightKg, locale),
      volumeM3: formatNumber(line.volumeM3, locale),
      dangerous: line.dangerous ? [line.unNumber, line.dgClass, line.packingGroup].filter(Boolean).join(" · ") : null,
    })),
    totals: {
      packages: formatNumber(totals.packages, locale),
      grossWeightKg: formatNumber(totals.grossWeightKg, locale),
      volumeM3: formatNumber(totals.volumeM3, locale),
    },
    reeferTemperatureC: cargo?.reeferTemperatureC === undefined ? null : formatNumber(cargo.reeferTemperatureC, locale),
    parties: parties
      ? (["shipper", "consignee", "notify"] as const).flatMap((role) => {
          const party = parties[role];
          return party ? [{ role, ...presentParty(party, locale) }] : [];
        })
      : [],
    incoterm: parties?.incoterm ?? null,
    // Both door legs, each with its address, or null where the exporter chose the terminal.
    doors: parties
      ? [
          {
            leg: "pickupAddress" as const,
            address: parties.doorPickup && parties.pickupAddress ? addressLines(parties.pickupAddress, locale) : null,
          },
          {
            leg: "deliveryAddress" as const,
            address:
              parties.doorDelivery && parties.deliveryAddress ? addressLines(parties.deliveryAddress, locale) : null,
          },
        ]
      : [],
  };
}

export type PresentedConsignment = ReturnType<typeof presentConsignment>;
