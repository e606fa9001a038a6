import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import type { MailContent } from "./html";

export type OutgoingMail = MailContent & { to: string };
export type MailOutcome = "sent" | "logged" | "failed";
export type MailOptions = { smtpUrl?: string | null; retryDelaysMs?: number[] };

// After the first attempt fails, wait this long before each further one.
const RETRY_DELAYS_MS = [1_000, 5_000, 20_000];

const g = globalThis as unknown as { __latchkeyMailTransports?: Map<string, Transporter> };
const transports = (g.__latchkeyMailTransports ??= new Map());

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    // Short timeouts: a stalled server must not hold retries (and memory) for minutes.
    transport = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(url, transport);
  }
  return transport;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());

/** What may be logged about a failure: a code, never the server's text (it may quote the message). */
function failureCode(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown } | null;
  return [typeof e?.code === "string" ? e.code : null, typeof e?.responseCode === "number" ? `SMTP ${e.responseCode}` : null].filter(Boolean).join(", ") || "unknown error";
}

/**
 * Sends one message, or, without SMTP_URL, writes it (with its link) to the server log so every
 * flow still works by link. Never rejects: callers do not await it (`void sendMail(...)`), so
 * the request that caused the mail answers at once and the same way whether or not mail works.
 * A failed attempt is retried with growing waits in this process; the final failure is logged
 * with the recipient and subject only, never the body, which holds the link.
 */
export async function sendMail(mail: OutgoingMail, options: MailOptions = {}): Promise<MailOutcome> {
  try {
    const url = options.smtpUrl === undefined ? env().SMTP_URL : options.smtpUrl ?? undefined;
    if (!url) {
      console.info(`[mail] (no SMTP_URL) to: ${mail.to}\nsubject: ${mail.subject}\n\n${mail.text}\n[mail] end of message`);
      return "logged";
    }
    const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    let lastError: unknown;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await sleep(delays[attempt - 1]!);
      try {
        await transportFor(url).sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
        return "sent";
      } catch (error) {
        lastError = error;
      }
    }
    console.error(`[mail] could not send "${mail.subject}" to ${mail.to} after ${delays.length + 1} attempts (${failureCode(lastError)})`);
    return "failed";
  } catch (error) {
    console.error(`[mail] could not send "${mail.subject}" to ${mail.to} (${failureCode(error)})`);
    return "failed";
  }
}

/** Fire and forget: the caller goes on at once; the outcome only reaches the log. */
export function queueMail(mail: OutgoingMail): void {
  void sendMail(mail);
}
