// A peer that connects, says so, and then neither reads nor writes until it is killed: the test
// kills it with SIGKILL to see how the other end learns of its death.
const port = Number(Deno.args[0]);
const conn = await Deno.connect({ hostname: "127.0.0.1", port });
await Deno.stdout.write(new TextEncoder().encode("connected\n"));
setInterval(() => conn, 60_000);
