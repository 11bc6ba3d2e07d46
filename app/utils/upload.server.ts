import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

/**
 * A multipart form with one file field, read into memory up to `maxBytes` (a larger file, or a
 * request announcing more than the limit allows, is refused before its body is read in full).
 * The other fields come back as strings in `formData`.
 */
export async function readFileForm(
  request: Request,
  field: string,
  maxBytes: number,
): Promise<
  | { ok: true; formData: FormData; file: { name: string; bytes: Uint8Array } | null }
  | { ok: false; reason: "tooLarge" | "notMultipart" | "malformed" }
> {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return { ok: false, reason: "notMultipart" };
  }
  const announced = Number(request.headers.get("Content-Length") ?? 0);
  if (announced > maxBytes + 64 * 1024) return { ok: false, reason: "tooLarge" };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, reason: "tooLarge" };
    // A body that is not the multipart it says it is (or that ended early).
    return { ok: false, reason: "malformed" };
  }
  const value = formData.get(field);
  if (!value || typeof value === "string" || value.size === 0) return { ok: true, formData, file: null };
  return { ok: true, formData, file: { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) } };
}
