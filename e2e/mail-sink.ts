import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server for tests, on 127.0.0.1, keeping every message in memory (parsed with
 * mailparser). `refuse: true` answers every message with a permanent error, like a server
 * that will not relay for us. Run as a script, it also serves the messages over HTTP
 * (GET /messages?to=<address>) for the Playwright specs, which run in another process.
 */
export type ReceivedMail = { to: string[]; from: string; subject: string; text: string; html: string; receivedAt: number };

export async function startMailSink(options: { refuse?: boolean; port?: number } = {}) {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (options.refuse) return callback(Object.assign(new Error("Relay access denied"), { responseCode: 554 }));
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            messages.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: parsed.from?.text ?? "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              receivedAt: Date.now(),
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;

  /** Waits for a message to `to` (and whose subject matches), for up to `timeoutMs`. */
  async function waitFor(to: string, subject?: RegExp, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.filter((m) => m.to.includes(to.toLowerCase()) && (!subject || subject.test(m.subject))).at(-1);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${to}${subject ? ` matching ${subject}` : ""} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return { port, url: `smtp://127.0.0.1:${port}`, messages, waitFor, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Script: SMTP on argv[2], HTTP on argv[3]. */
async function main() {
  const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
  const sink = await startMailSink({ port: smtpPort });
  const http: Server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const to = url.searchParams.get("to")?.toLowerCase();
    const body = JSON.stringify(sink.messages.filter((m) => !to || m.to.includes(to)));
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  http.listen(httpPort, "127.0.0.1", () => console.log(`[mail-sink] smtp ${sink.port}, http ${httpPort}`));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();
