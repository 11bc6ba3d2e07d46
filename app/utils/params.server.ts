import { data, type LoaderFunctionArgs } from "@remix-run/node";

/**
 * A route parameter in the format the portal gives it out (see the patterns in
 * app/schemas/fields.ts); anything else — a typo, a NUL byte, a probe — is a 404 before it
 * reaches the database.
 */
export function requireParam(
  params: LoaderFunctionArgs["params"],
  name: string,
  format: RegExp | readonly string[],
): string {
  const value = params[name];
  const ok =
    typeof value === "string" &&
    (format instanceof RegExp ? format.test(value) : (format as readonly string[]).includes(value));
  if (!ok) throw data(null, { status: 404 });
  return value;
}
