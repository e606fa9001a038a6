import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isPublicAddress } from "./address-policy";

export type SendRequest = {
  url: URL;
  headers: Record<string, string>;
  body: string;
  allowPrivate: boolean;
  timeoutMs: number;
  /** POST unless said otherwise (a credential's connection test reads with GET). A GET sends no body. */
  method?: "GET" | "POST";
};

export type SendOutcome = {
  statusCode: number | null;
  /** Set when there is no status code, or the answer was a redirect we did not follow. */
  error: string | null;
  durationMs: number;
  /** The first part of the answer, as text. */
  responseExcerpt: string;
};

export const EXCERPT_CHARS = 1000;
const READ_LIMIT = 16 * 1024;

class BlockedAddressError extends Error {
  code = "EBLOCKED";
}

const blockedMessage = (host: string, address: string) =>
  `Refused: ${host} is a private, loopback, link-local or reserved address (${address}). Webhooks only reach public addresses unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is true.`;

/**
 * Resolves like dns.lookup, then refuses every answer that holds a non-public address. It runs
 * at connect time, on the address the socket will use, so a name that resolves to a public
 * address when the webhook is saved and to 127.0.0.1 later (DNS rebinding) is still refused.
 */
function guardedLookup(host: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const bad = addresses.find((a) => !isPublicAddress(a.address));
      if (bad || addresses.length === 0) return callback(new BlockedAddressError(blockedMessage(host, bad?.address ?? "none")), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Whether a destination may be saved: refused when it is, or resolves to, a non-public address. */
export async function checkDestination(url: URL, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return isPublicAddress(host) ? null : blockedMessage(url.hostname, host);
  const addresses = await new Promise<LookupAddress[]>((resolve) => dnsLookup(host, { all: true }, (error, found) => resolve(error ? [] : found)));
  // A name that does not resolve yet may be saved; every send checks again.
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  return bad ? blockedMessage(url.hostname, bad.address) : null;
}

/**
 * One request (POST unless `method` says GET), no redirects followed (a 3xx is a failed attempt that names its Location), no
 * connection reuse, a hard time limit for the whole exchange, and at most 16 KB of the answer
 * read. Never throws: every failure is an outcome for the delivery log.
 */
export function send(request: SendRequest): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { url } = request;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return Promise.resolve({ statusCode: null, error: "Refused: only http and https URLs are allowed.", responseExcerpt: "", durationMs: 0 });
  }
  if (!request.allowPrivate && isIP(host) && !isPublicAddress(host)) {
    return Promise.resolve({ statusCode: null, error: blockedMessage(url.hostname, host), responseExcerpt: "", durationMs: 0 });
  }
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      req.destroy();
      finish({ statusCode: null, error: `Timed out: no complete answer within ${request.timeoutMs} ms.`, responseExcerpt: "" });
    }, request.timeoutMs);
    const finish = (outcome: Omit<SendOutcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const client = url.protocol === "https:" ? https : http;
    let req: http.ClientRequest;
    try {
      req = client.request(url, {
        method: request.method ?? "POST",
        headers: request.method === "GET" ? request.headers : { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        agent: false,
        lookup: request.allowPrivate ? undefined : guardedLookup(url.hostname),
      });
    } catch (error) {
      // A header value Node refuses (a line break in a stored token, say): a failed attempt,
      // recorded like any other, never an exception that would leave the delivery leased.
      finish({ statusCode: null, error: `Could not send: ${(error as NodeJS.ErrnoException).code ?? "invalid request"} (check the credential's value).`, responseExcerpt: "" });
      return;
    }
    req.on("error", (error: NodeJS.ErrnoException) => {
      const message = error instanceof BlockedAddressError ? error.message : `Could not connect: ${error.code ?? error.message}`;
      finish({ statusCode: null, error: message, responseExcerpt: "" });
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const text = Buffer.concat(chunks).toString("utf8").slice(0, EXCERPT_CHARS);
        const status = res.statusCode ?? 0;
        const redirect = status >= 300 && status < 400;
        finish({
          statusCode: status,
          error: redirect ? `Redirects are not followed (Location: ${String(res.headers.location ?? "none").slice(0, 300)}). Use the final URL as the endpoint.` : null,
          responseExcerpt: text,
        });
        res.destroy();
      };
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= READ_LIMIT) done();
      });
      res.on("end", done);
      res.on("error", done);
    });
    req.end(request.method === "GET" ? undefined : request.body);
  });
}
