/**
 * What every server action returns, so every form and button reads one shape: success with an
 * optional message for a toast (and whatever the action hands back, such as a new key's sid
 * and one-time secret), or failure with a message for people and, for forms, one message per
 * field. Never an exception's text: expected failures are values, bugs are generic errors.
 */
export type ActionResult<T extends object = object> =
  | ({ ok: true; message?: string } & T)
  | { ok: false; error: string; fieldErrors?: FieldErrors; reason?: FailureReason };

/**
 * A failure the client handles by itself rather than only showing it: "reauth_required" asks
 * the person to confirm their identity (components/reauth), after which the client sends the
 * same action again.
 */
export type FailureReason = "reauth_required";

/** One message per form field, keyed by the field's name. */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * Success. Two signatures so that `ok()` without data cannot satisfy a result that promises
 * data (`ActionResult<{ sid: string }>`): with one generic signature, TypeScript infers T from
 * the declared return type and accepts a bare `ok()` that carries no sid at all.
 */
export function ok(data?: { message?: string }): ActionResult;
export function ok<T extends object>(data: T & { message?: string }): ActionResult<T>;
export function ok(data?: object): ActionResult {
  return { ok: true, ...data };
}

/**
 * Failure. Field messages that are undefined (a zod field without an issue) are dropped, and so
 * is `fieldErrors` when none remain: a present `fieldErrors` always explains at least one field.
 */
export function fail(error: string, fieldErrors?: Partial<Record<string, string | undefined>>): ActionResult<never> {
  const fields = Object.entries(fieldErrors ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return fields.length > 0 ? { ok: false, error, fieldErrors: Object.fromEntries(fields) } : { ok: false, error };
}

/** A form whose fields did not validate: each field shows its own message. */
export const failFields = (fieldErrors: Partial<Record<string, string | undefined>>): ActionResult<never> => fail("Check the highlighted fields.", fieldErrors);

/** A failure one field explains: the field shows the message, and so can a toast. */
export const failField = (field: string, message: string): ActionResult<never> => fail(message, { [field]: message });

/**
 * The message a form shows above its fields: a failure's `error` when no field explains it (a
 * limit, a rate limit, a record that is gone), nothing when the fields carry the explanation, so
 * the same words never appear twice on screen.
 */
export const formErrorOf = (result: ActionResult | null | undefined): string | undefined =>
  result && !result.ok && !result.fieldErrors ? result.error : undefined;

/**
 * A sensitive action refused because this session has not confirmed its identity recently
 * (lib/dal/sudo.ts). Nothing was changed; the client asks "Confirm it's you" and retries.
 */
export const reauthRequired = (): ActionResult<never> => ({
  ok: false,
  error: "Confirm it’s you to continue: enter your password again.",
  reason: "reauth_required",
});

export const isReauthRequired = (result: ActionResult | null | undefined): boolean => !!result && !result.ok && result.reason === "reauth_required";
