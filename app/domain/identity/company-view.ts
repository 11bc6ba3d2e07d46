import type { Locale } from "~/i18n/config";
import { formatLocalDate } from "~/i18n/format";
import type { companyOverview } from "./company-overview.server";
import { can, type Actor } from "./permissions";

type CompanyOverview = Awaited<ReturnType<typeof companyOverview>>;

/**
 * The company page for one of its people: the company, its members (who is the reader), open
 * invitations with their expiry in the reader's time zone, partners, and what the reader may do.
 */
export function presentCompany(
  { company, members, invitations, partners }: CompanyOverview,
  reader: { actor: Actor; locale: Locale; timeZone: string },
) {
  const { actor, locale } = reader;
  return {
    company: {
      name: company.legalNameZh,
      latinName: company.legalNameLatin,
      creditCode: company.creditCode,
      creditStatus: company.creditStatus,
    },
    canManageMembers: can(actor, "invite:member", { companyId: company.id }),
    canInvitePartners: can(actor, "invite:partner", { companyId: company.id }),
    members: members.map((member) => ({
      id: member.id,
      name: member.user.name,
      email: member.user.email,
      role: member.role,
      isMe: member.userId === actor.userId,
    })),
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      kind: invitation.kind,
      role: invitation.role,
      expires: formatLocalDate(invitation.expiresAt, locale, reader.timeZone),
    })),
    partners: partners.map((link) => ({
      id: link.id,
      name: link.partner.name,
      email: link.partner.email,
      locale: link.partner.locale,
    })),
  };
}

export type CompanyView = ReturnType<typeof presentCompany>;
