import type { Db } from "~/utils/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { forgetCatalog } from "~/domain/places/catalog.server";
import { parseLocalizedNames, type LocalizedNames } from "~/domain/places/names";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { AppError } from "~/utils/app-error";

export interface PlaceEdit {
  names: LocalizedNames;
  timeZone: string;
  latitude: number;
  longitude: number;
  iataCode: string | null;
}

/** The platform admin corrects a place: its names in every language, time zone and position. */
export async function updatePlace(db: Db, actor: Actor, code: string, edit: PlaceEdit, meta: RequestMeta) {
  authorize(actor, "manage:port");
  const place = await db.place.findUnique({ where: { code } });
  if (!place) throw new AppError("notFound", 404);
  await db.place.update({
    where: { code },
    data: {
      names: JSON.stringify(edit.names),
      timeZone: edit.timeZone,
      latitude: edit.latitude,
      longitude: edit.longitude,
      iataCode: edit.iataCode,
    },
  });
  // Every board row and route map names and places it: show the change at once.
  forgetCatalog(db);
  invalidateBoard();
  await recordAudit(db, {
    actorId: actor.userId,
    action: "place.updated",
    entity: "Place",
    entityId: code,
    ipAddress: meta.ipAddress,
    before: {
      names: parseLocalizedNames(place.names),
      timeZone: place.timeZone,
      latitude: place.latitude,
      longitude: place.longitude,
      iataCode: place.iataCode,
    },
    after: edit,
  });
}

/** A place by its code, or null. */
export function findPlace(db: Db, code: string) {
  return db.place.findUnique({ where: { code } });
}
