import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { method: string; url: string; headers: Record<string, string>; body: string };
type Reply = { status: number; body?: string; headers?: Record<string, string> } | ((req: Received) => Reply) | "hang";

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: records every request and answers
 * from a queue of replies (then `fallback`). "hang" holds the request until release().
 */
export async function startReceiver(fallback: Reply = { status: 200, body: "ok" }) {
  const received: Received[] = [];
  const replies: Reply[] = [];
  const held: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry: Received = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v ?? ""])),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(entry);
      let reply = replies.shift() ?? fallback;
      if (reply === "hang") {
        held.push(() => res.writeHead(200).end("released"));
        return;
      }
      while (typeof reply === "function") reply = reply(entry);
      if (reply === "hang") return;
      res.writeHead(reply.status, reply.headers).end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    reply: (...next: Reply[]) => replies.push(...next),
    release: () => held.splice(0).forEach((fn) => fn()),
    close: () => new Promise<void>((resolve) => {
      held.splice(0).forEach((fn) => fn());
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, stepMs = 25) => {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, stepMs));
  }
};
