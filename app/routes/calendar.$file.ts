import { type LoaderFunctionArgs } from "@remix-run/node";
import { calendarFeed } from "~/domain/tracking/calendar-feed.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireParam } from "~/utils/params.server";

/** "{token}.ics": the feed's secret (base64url, 256 bits) and the calendar file's extension. */
const FEED_FILE = /^[A-Za-z0-9_-]{43}\.ics$/;

/**
 * A consignment's iCalendar feed for calendar apps (decision 024): no cookies, the secret address
 * is the credential; revoked, unshared or unknown is 404.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  const file = requireParam(params, "file", FEED_FILE);
  const { ics, filename } = await calendarFeed(db(), file.slice(0, -".ics".length));
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "private, no-cache",
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
    },
  });
});
