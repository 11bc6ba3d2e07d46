import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request to the server at `baseURL`, exactly as written: the path is sent as is (no
 * dot-segment normalisation, like `curl --path-as-is`), and a body given as chunks goes out
 * chunked, without Content-Length.
 */
export function rawRequest(
  baseURL: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | Buffer[];
  },
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port, method: options.method, path: options.path, headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        response.on("error", reject);
      },
    );
    // The server may answer (413) and close before the whole body is sent.
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    if (Array.isArray(options.body)) {
      const chunks = [...options.body];
      const next = () => {
        const chunk = chunks.shift();
        if (!chunk) return request.end();
        if (request.destroyed) return;
        request.write(chunk, next);
      };
      next();
    } else {
      request.end(options.body);
    }
  });
}
