import type { Db } from "~/utils/db.server";

export interface AudienceMember {
  email: string;
  name: string;
  locale: string;
  timeZone: string;
  role: "booker" | "partner";
}

/**
 * Who hears of a booking's changes that concern its partners too (decision 017): the booker
 * (unless disabled), and the partners it is shared with now who are still partners of its
 * company — with the booking's facts the messages need.
 */
export async function loadBookingAudience(db: Db, bookingId: string) {
  const booking = await db.booking.findUniqueOrThrow({
    where: { id: bookingId },
    select: {
      reference: true,
      createdById: true,
      companyId: true,
      company: { select: { legalNameZh: true, legalNameLatin: true } },
      departure: {
        select: {
          departureAt: true,
          service: { select: { originCode: true, destinationCode: true, serviceNumber: true } },
        },
      },
      shares: {
        where: { revokedAt: null, partner: { disabledAt: null } },
        select: { partner: { select: { email: true, name: true, locale: true, timeZone: true, partnerLinks: true } } },
      },
    },
  });
  const booker = await db.user.findUnique({
    where: { id: booking.createdById },
    select: { email: true, name: true, locale: true, timeZone: true, disabledAt: true },
  });
  const partners: AudienceMember[] = booking.shares
    .filter(({ partner }) => partner.partnerLinks.some((link) => link.companyId === booking.companyId))
    .map(({ partner: { email, name, locale, timeZone } }) => ({ email, name, locale, timeZone, role: "partner" }));
  const bookerMember: AudienceMember | null =
    booker && !booker.disabledAt
      ? { email: booker.email, name: booker.name, locale: booker.locale, timeZone: booker.timeZone, role: "booker" }
      : null;
  return { booking, booker: bookerMember, partners };
}
