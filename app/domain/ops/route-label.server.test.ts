import { describe, expect, it } from "vitest";
import { referenceLabeller, routeLabeller, type BuildRoute } from "./route-label.server";

/** The shape of build.routes for a few of the portal's route files. */
const ROUTES: Record<string, BuildRoute> = {
  root: { id: "root", path: "" },
  "routes/_index": { id: "routes/_index", parentId: "root", index: true },
  "routes/healthz": { id: "routes/healthz", parentId: "root", path: "healthz" },
  "routes/metrics": { id: "routes/metrics", parentId: "root", path: "metrics" },
  "routes/$lang": { id: "routes/$lang", parentId: "root", path: ":lang" },
  "routes/$lang._index": { id: "routes/$lang._index", parentId: "routes/$lang", index: true },
  "routes/$lang.schedules": { id: "routes/$lang.schedules", parentId: "routes/$lang", path: "schedules" },
  "routes/$lang.departures.$id": {
    id: "routes/$lang.departures.$id",
    parentId: "routes/$lang",
    path: "departures/:id",
  },
  "routes/$lang.departures.$id_.book": {
    id: "routes/$lang.departures.$id_.book",
    parentId: "routes/$lang",
    path: "departures/:id/book",
  },
  "routes/v2.events.$eventID": { id: "routes/v2.events.$eventID", parentId: "root", path: "v2/events/:eventID" },
};

describe("route labels", () => {
  const label = routeLabeller(ROUTES);

  it("are the route's id, never the path with its ids and tokens", () => {
    expect(label("/en/departures/cm4x7k2p80001")).toBe("routes/$lang.departures.$id");
    expect(label("/zh-CN/departures/another-one")).toBe("routes/$lang.departures.$id");
    expect(label("/de/departures/cm4x7k2p80001/book")).toBe("routes/$lang.departures.$id_.book");
    expect(label("/v2/events/4f1c2b3a-0000-4000-8000-000000000000")).toBe("routes/v2.events.$eventID");
    expect(label("/healthz")).toBe("routes/healthz");
    expect(label("/metrics")).toBe("routes/metrics");
    expect(label("/")).toBe("routes/_index");
    expect(label("/ar")).toBe("routes/$lang._index");
  });

  it("count a single-fetch data request as its page", () => {
    expect(label("/en/schedules.data")).toBe("routes/$lang.schedules");
    expect(label("/en/departures/cm4x7k2p80001.data")).toBe("routes/$lang.departures.$id");
    expect(label("/_root.data")).toBe("routes/_index");
  });

  it("put every path no route answers under one label", () => {
    expect(label("/wp-admin/setup-config.php/x/y")).toBe("unmatched");
    expect(label("/en/departures/a/b/c/d")).toBe("unmatched");
  });
});

describe("route labels of the portal's own routes", () => {
  it("are what React Router's matchRoutes picks, for every route file and odd paths", async () => {
    // The route table the compiler builds from app/routes (Remix's flat routes).
    const { flatRoutes } = (await import("@remix-run/dev/dist/config/flat-routes.js")) as unknown as {
      flatRoutes: (appDirectory: string) => Record<string, BuildRoute>;
    };
    const routes: Record<string, BuildRoute> = { root: { id: "root", path: "" }, ...flatRoutes("app") };
    expect(Object.keys(routes).length).toBeGreaterThan(50);
    const fast = routeLabeller(routes);
    const reference = referenceLabeller(routes);
    const paths = new Set<string>(["/", "/_root.data", "//", "/%E4%B8%AD", "/a/b/c/d/e/f"]);
    for (const route of Object.values(routes)) {
      let path = "";
      for (let id: string | undefined = route.id; id; id = routes[id]?.parentId)
        path = `${routes[id]?.path ?? ""}/${path}`;
      const concrete = `/${path}`
        .replace(/\/+/g, "/")
        .replace(/:[\w-]+/g, "x1")
        .replace(/\*$/, "p/q");
      for (const variant of [concrete, `${concrete}/`, `${concrete.replace(/\/$/, "")}.data`, concrete.toUpperCase()]) {
        if (!variant.startsWith("/")) continue;
        paths.add(variant);
        paths.add(`${variant}/extra`);
      }
    }
    const labels = new Set<string>();
    for (const path of paths) {
      expect(fast(path), path).toBe(reference(path));
      labels.add(fast(path));
    }
    expect(labels).toContain("routes/$lang.departures.$id");
    expect(labels).toContain("routes/$lang.staff_.imports_.template[.csv]");
    expect(labels).toContain("unmatched");
    // A malformed escape does not throw: the path is matched as it came.
    expect(fast("/%zz/bad-escape")).toBe("unmatched");
    expect(fast("/%zz")).toBe("routes/$lang._index");
  });
});
