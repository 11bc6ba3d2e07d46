import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/*
 * The official DCSA eBL 3.0.3 schema (../shared/reference/dcsa/ebl/EBL_v3.0.3.yaml, unmodified)
 * as an Ajv validator for `TransportDocument`. OpenAPI 3.0 schemas are JSON Schema draft-04
 * dialect with a few twists, rewritten here as DCSA's README describes: a boolean
 * `exclusiveMinimum` next to `minimum` becomes the number, `nullable` adds "null" to the type,
 * and `example`, `discriminator` and `deprecated` are dropped. `$ref`s stay internal.
 */
export const DCSA_REFERENCE = findDcsaReference();

/**
 * The shared reference data beside the checkout (`../shared/reference/dcsa`), or SHARED_DIR's:
 * looked for from the project up, so a clone one level deeper still finds it.
 */
function findDcsaReference(): string {
  const candidates = process.env.SHARED_DIR ? [path.resolve(process.env.SHARED_DIR, "reference/dcsa")] : [];
  for (let dir = path.resolve(import.meta.dirname, "../.."); ; dir = path.dirname(dir)) {
    candidates.push(path.join(path.dirname(dir), "shared/reference/dcsa"));
    if (path.dirname(dir) === dir) break;
  }
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
}

function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "example" || key === "discriminator" || key === "deprecated" || key === "nullable") continue;
    if (key === "exclusiveMinimum" && typeof value === "boolean") continue;
    if (key === "exclusiveMaximum" && typeof value === "boolean") continue;
    // `properties` maps names to schemas: a property may well be called "example".
    out[key] =
      key === "properties" && value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]))
        : toJsonSchema(value);
  }
  if (source.exclusiveMinimum === true) {
    out.exclusiveMinimum = source.minimum;
    delete out.minimum;
  }
  if (source.exclusiveMaximum === true) {
    out.exclusiveMaximum = source.maximum;
    delete out.maximum;
  }
  if (source.nullable === true && typeof source.type === "string") out.type = [source.type, "null"];
  return out;
}

let cached: ReturnType<Ajv["compile"]> | undefined;

/** Ajv's validator for `#/components/schemas/TransportDocument` of EBL_v3.0.3.yaml. */
export function transportDocumentValidator() {
  if (cached) return cached;
  const api = parse(readFileSync(path.join(DCSA_REFERENCE, "ebl/EBL_v3.0.3.yaml"), "utf8")) as {
    info: { version: string };
    components: { schemas: Record<string, unknown> };
  };
  if (api.info.version !== "3.0.3") throw new Error(`Expected DCSA eBL 3.0.3, found ${api.info.version}`);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: "dcsa-ebl", components: { schemas: toJsonSchema(api.components.schemas) } });
  cached = ajv.getSchema("dcsa-ebl#/components/schemas/TransportDocument")!;
  return cached;
}

/** Ajv's complaints, short enough to read in a failed assertion. */
export function complaints(validate: ReturnType<typeof transportDocumentValidator>): string {
  return JSON.stringify(validate.errors?.map((error) => `${error.instancePath} ${error.message}`));
}

let cachedTnt: ReturnType<Ajv["compile"]> | undefined;
let tntApi: { ajv: Ajv; paths: TntPaths } | undefined;

type TntPaths = Record<
  string,
  { get: { responses: Record<string, { content: Record<string, { schema: { items: unknown } }> }> } }
>;

/** The official T&T 2.2 schemas (../shared/reference/dcsa/tnt/TNT_v2.2.0-resolved.yaml, unmodified) in Ajv. */
function tntSchemas() {
  if (tntApi) return tntApi;
  const api = parse(readFileSync(path.join(DCSA_REFERENCE, "tnt/TNT_v2.2.0-resolved.yaml"), "utf8")) as {
    info: { version: string };
    components: { schemas: Record<string, unknown> };
    paths: TntPaths;
  };
  if (!api.info.version.startsWith("2.2")) throw new Error(`Expected DCSA T&T 2.2, found ${api.info.version}`);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: "dcsa-tnt", components: { schemas: toJsonSchema(api.components.schemas) } });
  tntApi = { ajv, paths: api.paths };
  return tntApi;
}

/**
 * Ajv's validator for one event of the official DCSA Track & Trace 2.2 schema: an item of the
 * `GET /v2/events` answer, a transport, shipment or equipment event.
 */
export function tntEventValidator() {
  if (cachedTnt) return cachedTnt;
  const { ajv, paths } = tntSchemas();
  const item = toJsonSchema(paths["/v2/events"]!.get.responses["200"]!.content["application/json"]!.schema.items);
  cachedTnt = ajv.compile(JSON.parse(JSON.stringify(item).replaceAll('"#/components', '"dcsa-tnt#/components')));
  return cachedTnt;
}

/** Ajv's validator for a named component schema of T&T 2.2: `error`, `subscription`, `subscriptionBody` … */
export function tntComponentValidator(name: string) {
  const validate = tntSchemas().ajv.getSchema(`dcsa-tnt#/components/schemas/${name}`);
  if (!validate) throw new Error(`T&T 2.2 has no component schema ${name}`);
  return validate;
}
