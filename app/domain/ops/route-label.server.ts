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

type RouteObject = NonNullable<Parameters<typeof matchRoutes>[0]>[number];

interface Branch {
  id: string;
  score: number;
  /** Sibling positions from the root, for ties (earlier siblings first, as React Router). */
  positions: number[];
  pattern: RegExp;
}

const joinPaths = (paths: string[]) => paths.join("/").replace(/\/\/+/g, "/");

/** React Router's ranking (computeScore): static segments beat dynamic ones, which beat a splat. */
function score(path: string, index: boolean | undefined): number {
  const segments = path.split("/");
  let total = segments.length + (segments.includes("*") ? -2 : 0) + (index ? 2 : 0);
  for (const segment of segments) {
    if (segment === "*") continue;
    total += /^:[\w-]+$/.test(segment) ? 3 : segment === "" ? 1 : 10;
  }
  return total;
}

/** React Router's path pattern (compilePath, matching the whole path; a trailing slash allowed). */
function compile(path: string, caseSensitive: boolean): RegExp {
  let source = `^${path
    .replace(/\/*\*?$/, "")
    .replace(/^\/*/, "/")
    .replace(/[\\.*+^${}|()[\]]/g, "\\$&")
    .replace(/\/:[\w-]+/g, "/([^\\/]+)")}`;
  source += path.endsWith("*") ? (path === "*" || path === "/*" ? "(.*)$" : "(?:\\/(.+)|\\/*)$") : "\\/*$";
  return new RegExp(source, caseSensitive ? undefined : "i");
}

/**
 * What a request is counted and logged under (decision 029): the id of the Remix route that
 * answers its path (e.g. `routes/$lang.departures.$id`), never the path itself — paths carry ids
 * and tokens, and one label per path would grow without bound. A path no route answers is
 * `unmatched`. Single-fetch data requests (`/en/schedules.data`) count as their page. The route
 * table is ranked once, as React Router ranks it (`matchRoutes` would rank it on every call).
 */
export function routeLabeller(routes: Record<string, BuildRoute | undefined>): (pathname: string) => string {
  const all = Object.values(routes).filter((route): route is BuildRoute => route !== undefined);
  // Optional segments ("($lang)") are exploded by React Router: left to it, slower, if ever used.
  if (all.some((route) => route.path?.includes("?"))) return referenceLabeller(routes);
  const branches: Branch[] = [];
  const walk = (parentId: string | undefined, parentPath: string, positions: number[]) => {
    all
      .filter((route) => route.parentId === parentId)
      .forEach((route, position) => {
        const path = joinPaths([parentPath, route.path ?? ""]);
        const here = [...positions, position];
        walk(route.id, path, here);
        if (route.path == null && !route.index) return;
        branches.push({
          id: route.id,
          score: score(path, route.index),
          positions: here,
          pattern: compile(path, route.caseSensitive === true),
        });
      });
  };
  walk(undefined, "", []);
  branches.sort((a, b) => {
    if (a.score !== b.score) return b.score - a.score;
    const siblings =
      a.positions.length === b.positions.length && a.positions.slice(0, -1).every((n, i) => n === b.positions[i]);
    return siblings ? a.positions.at(-1)! - b.positions.at(-1)! : 0;
  });
  return (pathname) => {
    const page = dataRequestPage(pathname);
    let decoded = page;
    try {
      decoded = page
        .split("/")
        .map((segment) => decodeURIComponent(segment).replace(/\//g, "%2F"))
        .join("/");
    } catch {
      // A malformed escape: matched as it came.
    }
    return branches.find((branch) => branch.pattern.test(decoded))?.id ?? UNMATCHED_ROUTE;
  };
}

function dataRequestPage(pathname: string): string {
  return pathname === "/_root.data" ? "/" : pathname.replace(/\.data$/, "");
}

/** The same labels through React Router's own `matchRoutes` (the tests compare the two). */
export function referenceLabeller(routes: Record<string, BuildRoute | undefined>): (pathname: string) => string {
  const childrenOf = (parentId: string | undefined): RouteObject[] =>
    Object.values(routes)
      .filter((route): route is BuildRoute => route !== undefined && route.parentId === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: childrenOf(route.id) },
      );
  const tree = childrenOf(undefined);
  return (pathname) => matchRoutes(tree, dataRequestPage(pathname))?.at(-1)?.route.id ?? UNMATCHED_ROUTE;
}
