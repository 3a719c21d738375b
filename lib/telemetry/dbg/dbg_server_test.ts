// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { ok as assert, rejects, strictEqual } from "node:assert/strict";
import { DbgError } from "./dbg_error.ts";
import { startDbgServer } from "./dbg_server.ts";

/** Sends one raw HTTP/1.1 request (so the Host header is ours to choose); returns the status. */
async function rawStatus(port: number, host: string, path = "/"): Promise<number> {
  const connection = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await connection.write(
      new TextEncoder().encode(
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      ),
    );
    let text = "";
    const buffer = new Uint8Array(4096);
    const decoder = new TextDecoder();
    for (;;) {
      const n = await connection.read(buffer);
      if (n === null) break;
      text += decoder.decode(buffer.subarray(0, n), { stream: true });
    }
    return Number(text.split(" ")[1]);
  } finally {
    connection.close();
  }
}

Deno.test("startDbgServer serves the page with a strict content security policy", async () => {
  const server = await startDbgServer();
  try {
    assert(server.port > 0);
    strictEqual(server.url, `http://127.0.0.1:${server.port}/`);
    for (
      const [path, type] of [
        ["", "text/html; charset=utf-8"],
        ["dbg.css", "text/css; charset=utf-8"],
        ["dbg_page.js", "text/javascript; charset=utf-8"],
        ["dbg_model.js", "text/javascript; charset=utf-8"],
        ["dbg_query.js", "text/javascript; charset=utf-8"],
        ["dbg_view.js", "text/javascript; charset=utf-8"],
        ["dbg_panels.js", "text/javascript; charset=utf-8"],
      ]
    ) {
      const response = await fetch(`${server.url}${path}`);
      await response.body?.cancel();
      strictEqual(response.status, 200, path);
      strictEqual(response.headers.get("content-type"), type, path);
      assert(response.headers.get("content-security-policy")?.includes("script-src 'self'"));
    }
  } finally {
    await server.close();
  }
});

Deno.test("startDbgServer answers 404 for /journal without a journal and for other paths", async () => {
  const server = await startDbgServer({ port: 0 });
  try {
    for (const path of ["journal", "../deno.json", "dbg_server.ts"]) {
      const response = await fetch(`${server.url}${path}`);
      await response.body?.cancel();
      strictEqual(response.status, 404, path);
    }
    const post = await fetch(server.url, { method: "POST", body: "x" });
    await post.body?.cancel();
    strictEqual(post.status, 405);
  } finally {
    await server.close();
  }
});

Deno.test("startDbgServer refuses requests for a foreign Host (DNS rebinding)", async () => {
  const server = await startDbgServer();
  try {
    strictEqual(await rawStatus(server.port, `127.0.0.1:${server.port}`), 200);
    strictEqual(await rawStatus(server.port, `localhost:${server.port}`), 200);
    strictEqual(await rawStatus(server.port, "attacker.example"), 403);
  } finally {
    await server.close();
  }
});

Deno.test("startDbgServer rejects a port out of range and a port in use", async () => {
  await rejects(
    startDbgServer({ port: 70_000 }),
    (error: unknown) =>
      error instanceof DbgError &&
      error.message === "dbg server: port must be an integer from 0 to 65535, got 70000",
  );
  const first = await startDbgServer();
  try {
    await rejects(
      startDbgServer({ port: first.port }),
      (error: unknown) =>
        error instanceof DbgError &&
        error.message.startsWith(`dbg server: cannot listen on 127.0.0.1:${first.port}: `) &&
        error.message.endsWith("; pick another with --port, or --port 0 for any free port"),
    );
  } finally {
    await first.close();
  }
});
