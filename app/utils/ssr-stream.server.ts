import { Transform } from "node:stream";

/**
 * React 18's `renderToPipeableStream` writes its output in 2 KB buffers; when a multi-byte
 * character (Cyrillic, Chinese, Arabic …) does not fit at the end of one, the buffer is sent with
 * its unused last bytes as zeros — a NUL in the page, which browsers show as "�" and which
 * breaks words and accessible names (facebook/react#24985, fixed in React 19 by #26228). UTF-8
 * HTML never carries a NUL byte of its own, so the zeros at the end of each chunk are dropped.
 */
export function withoutTrailingNul(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length;
      while (end > 0 && chunk[end - 1] === 0) end -= 1;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
