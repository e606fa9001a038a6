import { z } from "zod";

/**
 * The one rule for text a person gives us: key names and descriptions, searches, credential
 * and webhook fields, profile names (not passwords and secrets, which are compared or sent
 * byte for byte and never shown).
 *
 * Refused, with a message beside the field:
 * - NUL: PostgreSQL cannot store it in a text column or take it as a text parameter, so it
 *   turned a create, an edit or a search into a 500;
 * - the other C0 and C1 control characters (and DEL, and the Unicode line and paragraph
 *   separators), which rewrite lines in logs, headers and terminals; tab and line breaks are
 *   kept only in multi-line fields such as descriptions;
 * - bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069), with which "evil‮txt.exe"
 *   reads as something else in the list, the security log and a webhook consumer;
 * - lone UTF-16 surrogates (a JSON body may spell one as "\ud800"): not text, and a database
 *   driver either rejects them or stores a replacement character that matches nothing.
 *
 * Accepted text is normalised to NFC (and CRLF to LF) and trimmed, so "é" typed as e + U+0301
 * and "é" typed as one character are the same name and a search finds what the list shows.
 */
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextProblem = "surrogate" | "control" | "bidi";

/** What is wrong with `value` under the text rule, or null when nothing is. */
export function textProblem(value: string, multiline = false): TextProblem | null {
  if (LONE_SURROGATE.test(value)) return "surrogate";
  if ((multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(value)) return "control";
  if (BIDI_CONTROL.test(value)) return "bidi";
  return null;
}

/** The stored form of accepted text: NFC, LF line ends, no surrounding white space. */
export function normaliseText(value: string, multiline = false): string {
  const nfc = value.normalize("NFC");
  return (multiline ? nfc.replace(/\r\n?/g, "\n") : nfc).trim();
}

export function textProblemMessage(label: string, problem: TextProblem, multiline = false): string {
  switch (problem) {
    case "surrogate":
      return `${label} contains a broken character (half of a UTF-16 surrogate pair). Retype it.`;
    case "control":
      return multiline
        ? `${label} cannot contain control characters such as NUL (line breaks and tabs are fine).`
        : `${label} cannot contain line breaks, tabs or other control characters such as NUL.`;
    case "bidi":
      return `${label} cannot contain characters that override the text direction (U+202A to U+202E, U+2066 to U+2069).`;
  }
}

export type TextOptions = {
  /** How messages name the field: "Name", "The URL". */
  label: string;
  max: number;
  /** Tabs and line breaks allowed (descriptions). */
  multiline?: boolean;
  /** The message for a missing or blank value; without it, empty text is allowed. */
  required?: string;
  tooLong?: string;
};

/**
 * A zod string under the text rule; still a ZodString (checks and an in-place overwrite, no
 * transform), so `.optional()`, `.default()` and the OpenAPI document work as for any string.
 */
export function text({ label, max, multiline = false, required, tooLong }: TextOptions) {
  const base = z
    .string(required ?? `${label} must be text.`)
    .check((ctx) => {
      const problem = textProblem(ctx.value, multiline);
      // continue: false stops the later checks: the length of refused text means nothing.
      if (problem) ctx.issues.push({ code: "custom", message: textProblemMessage(label, problem, multiline), input: ctx.value, continue: false });
    })
    .overwrite((value) => normaliseText(value, multiline));
  const filled = required ? base.min(1, required) : base;
  return filled.max(max, tooLong ?? `${label} must be at most ${max} characters.`);
}
