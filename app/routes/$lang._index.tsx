import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireLocale } from "~/utils/locale.server";
import { domainRoute } from "~/utils/forms.server";

/** A language's home is its schedule board; anything that is not one of our languages is a 404. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/${requireLocale(params)}/schedules`);
});
