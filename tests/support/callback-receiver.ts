import http from "node:http";
import type { AddressInfo } from "node:net";

/** A receiver on this machine: what it was sent, and what it answers (204 unless told). */
export interface Receiver {
  url: string;
  port: number;
  received: { url: string; headers: http.IncomingHttpHeaders; body: string }[];
  answers: number[];
  close(): Promise<void>;
}

export async function receiver(): Promise<Receiver> {
  const state: Omit<Receiver, "url" | "port" | "close"> = { received: [], answers: [] };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      state.received.push({
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.statusCode = state.answers.shift() ?? 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    get received() {
      return state.received;
    },
    get answers() {
      return state.answers;
    },
    url: `http://127.0.0.1:${port}/hooks/silu?partner=42`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
