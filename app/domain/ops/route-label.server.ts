import { matchRoutes } from "@remix-run/react";
import { UNMATCHED_ROUTE } from "./metrics.server";

/** A route of the server build (build.routes): the parts matching needs. */
export interface BuildRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}

/**
 * What a request is counted and logged under (decision 029): the id of the Remix route that
 * answers its path (e.g. `routes/$lang.departures.$id`), never the path itself — paths carry ids
 * and tokens, and one label per path would grow without bound. A path no route answers is
 * `unmatched`. Single-fetch data requests (`/en/schedules.data`) count as their page.
 */
type RouteObject = NonNullable<Parameters<typeof matchRoutes>[0]>[number];

export function routeLabeller(routes: Record<string, BuildRoute | undefined>): (pathname: string) => string {
  const childrenOf = (parentId: string | undefined): RouteObject[] =>
    Object.values(routes)
      .filter((route): route is BuildRoute => route !== undefined && route.parentId === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: childrenOf(route.id) },
      );
  const tree = childrenOf(undefined);
  return (pathname) => {
    const page = pathname === "/_root.data" ? "/" : pathname.replace(/\.data$/, "");
    const matches = matchRoutes(tree, page);
    return matches?.at(-1)?.route.id ?? UNMATCHED_ROUTE;
  };
}
