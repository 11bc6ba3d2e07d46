import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { isLocale, NAMESPACES, type Namespace } from "~/i18n/config";
import { namespaceResource, translationResources } from "~/i18n/resources.server";
import { domainRoute } from "~/utils/forms.server";

/** Translation files for the browser; immutable when asked for by the current content hash. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const ns = params.ns?.replace(/\.json$/, "");
  if (!isLocale(params.lng) || !(NAMESPACES as readonly string[]).includes(ns ?? "")) {
    throw data(null, { status: 404 });
  }
  const current = new URL(request.url).searchParams.get("v") === translationResources().version;
  return Response.json(namespaceResource(params.lng, ns as Namespace), {
    headers: {
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, max-age=300",
    },
  });
});
