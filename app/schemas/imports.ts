import { z } from "zod";
import { CSV_ENCODINGS } from "~/domain/imports/encodings";

/** The upload form's choice of how to read the file ("auto": detect). Keys in "imports". */
export const importCheckSchema = z.object({
  encoding: z.enum(["auto", ...CSV_ENCODINGS], { message: "errors.encoding" }).default("auto"),
});

/** The apply step names the checked upload by its SHA-256 (hex). */
export const importApplySchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: "errors.uploadGone" }),
});

/** `?applied=<sha256>` after a redirect; anything else is ignored. */
export const appliedParam = z.string().regex(/^[0-9a-f]{64}$/);
