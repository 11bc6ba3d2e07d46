import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { env } from "~/utils/env.server";

/*
 * Where a subscription's notifications may go (decision 026): a public HTTPS address. Plain
 * HTTP to this machine only when EVENT_CALLBACK_ALLOW_LOCAL=1 (tests, development). Private,
 * loopback, link-local and other non-public addresses are refused when the subscription is
 * written and again when each notification is sent — on the addresses the name resolves to
 * then, and the connection goes to the address that was checked (no second lookup to rebind).
 */

/** Resolves a host name to its addresses (all of them). Injectable for tests. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export interface CallbackPolicy {
  /** Plain HTTP to localhost / loopback addresses allowed (EVENT_CALLBACK_ALLOW_LOCAL). */
  allowLocal: boolean;
  resolve: Resolver;
}

export function defaultCallbackPolicy(): CallbackPolicy {
  return { allowLocal: env().EVENT_CALLBACK_ALLOW_LOCAL, resolve: systemResolver };
}

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local (cloud metadata services live here)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
  ["100::", 64], // discard
  ["::", 96], // IPv4-compatible (deprecated): ::a.b.c.d
  ["64:ff9b:1::", 48], // local-use NAT64
  ["2001::", 32], // Teredo tunnels
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4 tunnels
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** An IPv6 address that carries an IPv4 one (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96): that IPv4 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:(?:0:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Whether an address is a public one a notification may be sent to (loopback too when allowed). */
export function isAllowedAddress(address: string, allowLocal: boolean): boolean {
  const unbracketed = address.replace(/^\[|\]$/g, "");
  const family = isIP(unbracketed);
  if (family === 0) return false;
  const v4 = family === 6 ? embeddedIpv4(unbracketed) : unbracketed;
  const [checked, type] = v4 ? [v4, "ipv4" as const] : [unbracketed, "ipv6" as const];
  if (allowLocal && LOOPBACK.check(checked, type)) return true;
  return !NOT_PUBLIC.check(checked, type);
}

/** Why a callback URL is refused, or null when it may be used. */
/**
 * A host that cannot be resolved and one that resolves to a private address get the same
 * answer: otherwise a key holder could learn which internal names the portal's resolver knows.
 */
export type CallbackRefusal = "invalid" | "notHttps" | "notPublic";

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)\.?$/i;

/**
 * The URL's shape: absolute http(s), no user name or password, no fragment; HTTPS unless local
 * HTTP is allowed and the host is this machine.
 */
export function callbackShape(raw: string, allowLocal: boolean): { url: URL } | { refusal: CallbackRefusal } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refusal: "invalid" };
  }
  if (!["https:", "http:"].includes(url.protocol) || url.username || url.password || url.hash || !url.hostname) {
    return { refusal: "invalid" };
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const loopbackName = host.toLowerCase() === "localhost" || (isIP(host) !== 0 && LOOPBACK.check(...ipType(host)));
  if (url.protocol === "http:" && !(allowLocal && loopbackName)) return { refusal: "notHttps" };
  if (isIP(host) === 0 && LOCAL_NAMES.test(host) && !(allowLocal && host.toLowerCase() === "localhost")) {
    return { refusal: "notPublic" };
  }
  return { url };
}

function ipType(host: string): [string, "ipv4" | "ipv6"] {
  return isIP(host) === 4 ? [host, "ipv4"] : [host, "ipv6"];
}

/**
 * The addresses a callback URL's host stands for now, all of them checked; a refusal if any is
 * not public (a name that resolves to one private address among public ones is refused too).
 */
export async function checkedAddresses(
  url: URL,
  policy: CallbackPolicy,
): Promise<{ addresses: string[] } | { refusal: CallbackRefusal }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else if (policy.allowLocal && host.toLowerCase() === "localhost") addresses = ["127.0.0.1"];
  else {
    try {
      addresses = await policy.resolve(host);
    } catch {
      return { refusal: "notPublic" };
    }
  }
  if (addresses.length === 0) return { refusal: "notPublic" };
  if (!addresses.every((address) => isAllowedAddress(address, policy.allowLocal))) return { refusal: "notPublic" };
  return { addresses };
}

/** The full check of a callback URL as a subscription is written: its shape and where it leads now. */
export async function checkCallbackUrl(raw: string, policy: CallbackPolicy): Promise<CallbackRefusal | null> {
  const shape = callbackShape(raw, policy.allowLocal);
  if ("refusal" in shape) return shape.refusal;
  const resolved = await checkedAddresses(shape.url, policy);
  return "refusal" in resolved ? resolved.refusal : null;
}
