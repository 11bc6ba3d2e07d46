import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";

/**
 * Health check: one database round trip, a minimal server-rendered page. The benchmark
 * also uses it as the "bare Remix route" baseline.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader() {
  await db().$queryRaw`SELECT 1`;
  return { status: "ok" as const };
});

export default function Health() {
  return <p>ok</p>;
}
