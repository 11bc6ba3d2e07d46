import crypto from "node:crypto";
import { sha256Hex } from "~/utils/hash.server";

/** A random, URL-safe secret for a link or a session cookie (256 bits). */
export function newToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** Tokens are stored as SHA-256 only: a copy of the database opens no account. */
export function hashToken(token: string): string {
  return sha256Hex(token);
}
