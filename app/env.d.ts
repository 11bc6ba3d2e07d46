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
  }
}

export {};
