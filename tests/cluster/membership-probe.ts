import { randomInt } from "node:crypto";
import { db } from "@/lib/db";
import { generateSid } from "@/lib/keys/format";
import { sleep, type Instance } from "./server";

// Requests and measurements for membership.test.ts: what an instance answers a key now, and how
// long after a change it first refuses it.

/** One client address for the whole file (the instances trust one proxy hop), so no other test's failed checks count here. */
const client = `198.51.100.${randomInt(1, 255)}`;

export const call = (instance: Instance, secret: string, path = "/api/v1/me", init: RequestInit = {}) =>
  fetch(`${instance.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json", "X-Forwarded-For": client, ...init.headers },
  });

export type Me = { status: number; permission?: string; role?: string; actsAs?: string; name?: string };

/** GET /api/v1/me, boiled down to what these tests compare. */
export async function me(instance: Instance, secret: string): Promise<Me> {
  const response = await call(instance, secret);
  if (response.status !== 200) {
    await response.text();
    return { status: response.status };
  }
  const body = (await response.json()) as { actsAs: { type: string; role?: string }; key: { name: string; permission: string } };
  return { status: 200, permission: body.key.permission, role: body.actsAs.role, actsAs: body.actsAs.type, name: body.key.name };
}

/**
 * A write that changes nothing: PATCH of a well-formed sid that no key has. While the key may
 * write, the handler runs and answers 404; once it may not, withApiKey answers 403 before the
 * handler. Probing with a real edit would be no test: a successful edit of the key announces a
 * change to every instance itself, clearing the very cache entry under test.
 */
const unknownSid = generateSid();
export async function writeProbe(instance: Instance, secret: string): Promise<number> {
  const response = await call(instance, secret, `/api/v1/keys/${unknownSid}`, { method: "PATCH", body: JSON.stringify({ name: "probe" }) });
  await response.text();
  return response.status;
}

/** PATCH /api/v1/keys/{sid}: renames a key through the API (a real write, announced to every instance). */
export async function rename(instance: Instance, secret: string, sid: string, name: string) {
  const response = await call(instance, secret, `/api/v1/keys/${sid}`, { method: "PATCH", body: JSON.stringify({ name }) });
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
}

/**
 * Renames a key in the database behind the app's back: no change notice. An instance that
 * still answers with the old name answered from its cache, which is how the tests show that
 * both caches hold the key right before the change under test.
 */
export const renameSilently = (sid: string, name: string) => db().apiKey.update({ where: { sid }, data: { name }, select: { id: true } });

/** Past this a refusal counts as never: with the long cache TTL only a change notice can bring it. */
const GIVE_UP_MS = 3_000;

/**
 * Asks back to back, no pause, until `refused(status)`. Returns the milliseconds from `since`
 * (when the change resolved) to the refusing answer (Infinity if it never came) and to when
 * that request was sent, and how many answers after `since` still let the key through.
 */
export async function timeToRefusal(ask: () => Promise<number>, refused: (status: number) => boolean, since: number) {
  let passed = 0;
  while (Date.now() - since < GIVE_UP_MS) {
    const sent = Date.now();
    if (refused(await ask())) return { ms: Date.now() - since, sentMs: sent - since, passed };
    passed++;
  }
  return { ms: Infinity, sentMs: Infinity, passed };
}

/** For the log: "A 23 ms, B 41 ms (...)", the numbers the closing note quotes. */
export const describeDelays = ([onA, onB]: Array<{ ms: number; sentMs: number; passed: number }>) =>
  `instance A ${onA.ms} ms, instance B ${onB.ms} ms (to the refusing answer; that request was sent at +${onA.sentMs} / +${onB.sentMs} ms, ` +
  `after ${onA.passed} / ${onB.passed} answers that still let the key through)`;

/** Lets change notices already sent arrive (they take milliseconds) before a cache is warmed. */
export const settle = () => sleep(500);
