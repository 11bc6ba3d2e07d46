import { AppError } from "~/utils/app-error";
import type { Db } from "~/utils/db.server";
import { can, type Actor, type ResourceOwner } from "./permissions";
import { requireUser } from "./session.server";

type UserWithAccess = {
  id: string;
  kind: string;
  staffRole: string | null;
  memberships: { companyId: string; role: string }[];
  staffPorts: { placeCode: string }[];
  partnerLinks: { companyId: string }[];
  emailVerifiedAt: Date | null;
};

export async function loadActor(db: Db, userId: string): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: { memberships: true, staffPorts: true, partnerLinks: true },
  });
  return actorOf(user);
}

function actorOf(user: UserWithAccess): Actor {
  return {
    userId: user.id,
    kind: user.kind,
    staffRole: user.staffRole,
    memberships: user.memberships.map(({ companyId, role }) => ({ companyId, role })),
    staffPorts: user.staffPorts.map((port) => port.placeCode),
    partnerOf: user.partnerLinks.map((link) => link.companyId),
    emailVerified: user.emailVerifiedAt !== null,
  };
}

/** The signed-in user with everything permissions need (redirects to sign-in otherwise). */
export async function requireActor(db: Db, request: Request, locale: string) {
  const session = await requireUser(db, request, locale);
  return { session, user: session.user, actor: actorOf(session.user) };
}

/**
 * Throws unless the actor may do `wanted` to a resource of `owner`. Someone outside the
 * owning company or port gets 404, so they cannot even learn the resource exists; someone
 * inside it without the right gets 403.
 */
export function authorize(actor: Actor, wanted: `${string}:${string}`, owner: ResourceOwner = {}): void {
  if (can(actor, wanted, owner)) return;
  const outsider =
    (owner.companyId !== undefined &&
      !actor.memberships.some((membership) => membership.companyId === owner.companyId)) ||
    (owner.portCode !== undefined && !actor.staffPorts.includes(owner.portCode));
  throw outsider ? new AppError("notFound", 404) : new AppError("forbidden", 403);
}
