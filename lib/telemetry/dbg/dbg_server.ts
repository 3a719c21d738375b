/**
 * The viewer's HTTP server: the page's static files and one journal file, on 127.0.0.1 only.
 *
 * @module
 */
import { basename } from "node:path";
import { DbgError } from "./dbg_error.ts";

/** Options of {@linkcode startDbgServer}. */
export interface DbgServerOptions {
  /**
   * The port on 127.0.0.1; 0 asks the OS for any free port.
   * @default 0
   */
  port?: number;
  /**
   * The journal file served at /journal (read on each request, so a journal still being written
   * shows its newest lines on reload).
   * @default none: /journal answers 404 and the page offers to open a local file
   */
  journalPath?: string;
}

/** A running viewer server. */
export interface DbgServer {
  /** The page's address, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  readonly port: number;
  /** Resolves when the server has stopped. */
  readonly finished: Promise<void>;
  /** Stops the server (open connections are closed) and resolves when it has stopped. */
  close(): Promise<void>;
}

/** The page's files, served from this folder; nothing else on disk is reachable by URL. */
const _ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: "dbg.html", type: "text/html; charset=utf-8" },
  "/dbg.css": { file: "dbg.css", type: "text/css; charset=utf-8" },
  "/dbg_page.js": { file: "dbg_page.js", type: "text/javascript; charset=utf-8" },
  "/dbg_model.js": { file: "dbg_model.js", type: "text/javascript; charset=utf-8" },
  "/dbg_query.js": { file: "dbg_query.js", type: "text/javascript; charset=utf-8" },
  "/dbg_view.js": { file: "dbg_view.js", type: "text/javascript; charset=utf-8" },
  "/dbg_panels.js": { file: "dbg_panels.js", type: "text/javascript; charset=utf-8" },
};

/**
 * Headers of every answer. The policy allows only this origin's own scripts and styles, so even
 * markup that slipped into the page could not run: defence in depth behind textContent.
 */
const _SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; " +
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; " +
    "frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/**
 * Starts the viewer server on 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await startDbgServer({ port: 0, journalPath: "results/b1/journal-r1.ndjson" });
 * console.log(server.url);
 * await server.close();
 * ```
 */
export async function startDbgServer(options: DbgServerOptions = {}): Promise<DbgServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new DbgError(`dbg server: port must be an integer from 0 to 65535, got ${port}`);
  }
  const assets = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>();
  for (const [route, asset] of Object.entries(_ASSETS)) {
    const url = new URL(asset.file, import.meta.url);
    try {
      assets.set(route, { body: await Deno.readFile(url), type: asset.type });
    } catch (error) {
      throw new DbgError(
        `dbg server: cannot read the page file ${url.pathname}: ${_message(error)}`,
        {
          cause: error,
        },
      );
    }
  }
  const journalPath = options.journalPath;

  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      { hostname: "127.0.0.1", port, onListen: () => {} },
      (request) => _handle(request, server.addr.port, assets, journalPath),
    );
  } catch (error) {
    const hint = error instanceof Deno.errors.AddrInUse
      ? "; pick another with --port, or --port 0 for any free port"
      : "";
    throw new DbgError(
      `dbg server: cannot listen on 127.0.0.1:${port}: ${_message(error)}${hint}`,
      { cause: error },
    );
  }
  const actualPort = server.addr.port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    finished: server.finished,
    close: () => closing ??= server.shutdown(),
  };
}

async function _handle(
  request: Request,
  port: number,
  assets: Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>,
  journalPath: string | undefined,
): Promise<Response> {
  // A page on another site could point a DNS name at 127.0.0.1 and read the journal through it;
  // only our own host names get an answer.
  const host = request.headers.get("host");
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return _text(403, "forbidden: unknown Host header\n");
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    return _text(405, "only GET and HEAD\n", { allow: "GET, HEAD" });
  }
  const { pathname } = new URL(request.url);
  const asset = assets.get(pathname);
  if (asset !== undefined) {
    return new Response(request.method === "HEAD" ? null : asset.body, {
      headers: { ..._SECURITY_HEADERS, "content-type": asset.type },
    });
  }
  // Browsers ask for an icon; an empty answer keeps their console free of a 404.
  if (pathname === "/favicon.ico") {
    return new Response(null, { status: 204, headers: _SECURITY_HEADERS });
  }
  if (pathname !== "/journal") return _text(404, "not found\n");
  if (journalPath === undefined) return _text(404, "no journal was given on the command line\n");
  let file: Deno.FsFile;
  try {
    file = await Deno.open(journalPath, { read: true });
  } catch (error) {
    const status = error instanceof Deno.errors.NotFound ? 404 : 500;
    return _text(status, `cannot read the journal: ${_message(error)}\n`);
  }
  if (request.method === "HEAD") file.close();
  return new Response(request.method === "HEAD" ? null : file.readable, {
    headers: {
      ..._SECURITY_HEADERS,
      "content-type": "application/x-ndjson; charset=utf-8",
      "x-journal-name": encodeURIComponent(basename(journalPath)),
    },
  });
}

function _text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { ..._SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

function _message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
