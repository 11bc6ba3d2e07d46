/**
 * How a file's bytes are read: UTF-8 (with or without a BOM) or GB18030, a superset of GBK.
 * (Apart from csv-file.ts, so that forms can name them without the decoders in the browser.)
 */
export const CSV_ENCODINGS = ["UTF-8", "GB18030"] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];
