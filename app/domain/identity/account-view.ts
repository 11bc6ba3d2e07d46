import type { Locale } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import type { accountOverview } from "./profile.server";

type AccountOverview = Awaited<ReturnType<typeof accountOverview>>;

/** The account page: the user's profile, companies and roles, and signed-in sessions (this one marked). */
export function presentAccount(
  { memberships, sessions }: AccountOverview,
  reader: {
    user: { name: string; email: string; emailVerifiedAt: Date | null; locale: string; timeZone: string };
    sessionId: string;
    locale: Locale;
  },
) {
  const { user } = reader;
  const when = (date: Date) => formatLocalDateTime(date, reader.locale, user.timeZone);
  return {
    user: {
      name: user.name,
      email: user.email,
      verified: Boolean(user.emailVerifiedAt),
      locale: user.locale,
      timeZone: user.timeZone,
    },
    timeZones: Intl.supportedValuesOf("timeZone"),
    companies: memberships.map((membership) => ({
      id: membership.companyId,
      name: membership.company.legalNameZh,
      latinName: membership.company.legalNameLatin,
      role: membership.role,
    })),
    sessions: sessions.map((other) => ({
      id: other.id,
      current: other.id === reader.sessionId,
      device: other.userAgent,
      signedInAt: when(other.createdAt),
      lastSeen: when(other.lastSeenAt),
    })),
  };
}

export type AccountView = ReturnType<typeof presentAccount>;
