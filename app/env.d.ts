/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  /** Filled by server.mjs for every request. */
  interface AppLoadContext {
    ipAddress?: string;
    userAgent?: string | null;
    /** The request's id (decision 029), also in X-Request-Id and on error pages. */
    requestId?: string;
  }
}

export {};
