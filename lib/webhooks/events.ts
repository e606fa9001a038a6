/** The events a webhook can subscribe to, in the order the form lists them. */
export const WEBHOOK_EVENTS = ["key.created", "key.rolled", "key.revoked", "key.deleted", "key.expiring", "key.leaked"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Sent only by "Send test event", to one webhook, whatever it subscribes to. */
export const TEST_EVENT = "webhook.test";
export type DeliveryEvent = WebhookEvent | typeof TEST_EVENT;

export const WEBHOOK_EVENT_LABELS: Record<DeliveryEvent, { label: string; hint: string }> = {
  "key.created": { label: "Key created", hint: "A new API key was created." },
  "key.rolled": { label: "Key rolled", hint: "A key was replaced by a new one; the old one works until its grace period ends." },
  "key.revoked": { label: "Key revoked", hint: "A key was revoked and no longer works." },
  "key.deleted": { label: "Key deleted", hint: "A revoked or expired key was deleted for good." },
  "key.expiring": { label: "Key expiring within 7 days", hint: "Sent once per key, 7 days before it expires." },
  "key.leaked": { label: "Key leaked", hint: "A key was reported as leaked and revoked at once." },
  "webhook.test": { label: "Test event", hint: "Sent by “Send test event”." },
};

export const EXPIRY_NOTICE_MS = 7 * 86_400_000;
/** Keys expiring within a day get a second, final mail ("expires in 1 day"). */
export const FINAL_EXPIRY_NOTICE_MS = 86_400_000;

/** What a payload says about a key: public facts only, never the secret or its hash. */
export type KeyFacts = {
  sid: string;
  name: string;
  prefix: string;
  permission: string;
  expiresAt: Date | null;
};

export type Actor = { type: "session" | "api_key" | "public" | "system"; keySid?: string | null };

/** The Standard Webhooks body: { type, timestamp, data }. */
export function eventPayload(type: DeliveryEvent, data: Record<string, unknown>, at = new Date()): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

export function keyEventData(key: KeyFacts, actor: Actor, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key: { id: key.sid, name: key.name, prefix: key.prefix, permission: key.permission, expiresAt: key.expiresAt?.toISOString() ?? null },
    actor: actor.keySid ? { type: actor.type, keyId: actor.keySid } : { type: actor.type },
    ...extra,
  };
}

export const parseEvents = (stored: string): WebhookEvent[] =>
  stored.split(",").filter((e): e is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(e));
