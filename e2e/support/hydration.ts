import type { Page } from "@playwright/test";

/**
 * Waits until React has hydrated the page and run its effects: Remix's <ScrollRestoration> (in
 * app/root.tsx) then takes scrolling over, and history.scrollRestoration turns "manual". Typing
 * into a page React is still hydrating can break the hydration (React error #345, seen in the
 * booking wizard when the first page of a test was not hydrated yet and "Book this departure"
 * went out as a plain form post), so steps that need the page's JavaScript wait for this first.
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => window.history.scrollRestoration === "manual");
}
