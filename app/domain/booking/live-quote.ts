import type { Locale } from "~/i18n/config";
import { parseAirPieces, parseContainerLines, type Parties } from "~/schemas/booking";
import { presentPrice } from "./price-view";
import { quoteDetails, type DraftDetails, type QuoteInput } from "./quote";

/** What the wizard needs to price a draft on either side: the tariffs and what was saved. */
export interface QuoteBasis {
  air: boolean;
  capacities: QuoteInput["capacities"];
  saved: DraftDetails;
}

/** A draft's price as the page shows it; null until there is something to price. */
export function presentQuote(details: DraftDetails, basis: QuoteBasis, locale: Locale) {
  if (!details.containers?.length && !details.pieces?.length) return null;
  const { price, chargeableKg } = quoteDetails(details, basis.capacities);
  return { ...presentPrice(price.lines, price.currency, price.totalMinor, locale), chargeableKg };
}

export type PresentedQuote = NonNullable<ReturnType<typeof presentQuote>>;

/**
 * The price with what the form says now in place of what was saved: the browser calls this as
 * the exporter types, with the same parsing and pricing the server applies when the step is
 * saved. Entries the server would refuse are left out rather than guessed at.
 */
export function quoteForm(form: FormData, step: string, basis: QuoteBasis, locale: Locale): PresentedQuote | null {
  let details = basis.saved;
  if (step === "equipment" && basis.air) {
    details = { ...details, pieces: parseAirPieces(form).pieces, containers: [] };
  } else if (step === "equipment") {
    const offered = basis.capacities.map((capacity) => capacity.equipmentCode);
    const containers = parseContainerLines(form, offered).lines.filter(
      (line) => Number.isInteger(line.quantity) && line.quantity > 0 && line.quantity <= 60,
    );
    details = { ...details, containers, pieces: [] };
  } else if (step === "parties") {
    details = {
      ...details,
      parties: {
        ...details.parties,
        doorPickup: form.get("doorPickup") === "on",
        doorDelivery: form.get("doorDelivery") === "on",
      } as Parties,
    };
  }
  return presentQuote(details, basis, locale);
}
