import { describe, expect, it } from "vitest";
import { fail, failField, failFields, formErrorOf, ok, type ActionResult } from "./action-result";

describe("ok()", () => {
  it("carries what the action hands back, and nothing when it hands back nothing", () => {
    expect(ok()).toEqual({ ok: true });
    expect(ok({ message: "Key updated." })).toEqual({ ok: true, message: "Key updated." });
    expect(ok({ sid: "lk_1", secret: "s" })).toEqual({ ok: true, sid: "lk_1", secret: "s" });
  });

  it("cannot stand in for a result that promises data (checked by tsc, not at run time)", () => {
    // @ts-expect-error: a bare ok() carries no sid, so it must not type as a result with one.
    const bare: ActionResult<{ sid: string }> = ok();
    // @ts-expect-error: a message alone is not a sid either.
    const messageOnly: ActionResult<{ sid: string }> = ok({ message: "Created." });
    const full: ActionResult<{ sid: string }> = ok({ sid: "lk_1" });
    expect([bare.ok, messageOnly.ok, full.ok]).toEqual([true, true, true]);
  });
});

describe("fail()", () => {
  it("drops undefined field messages, so a present message always has words", () => {
    expect(fail("Check the highlighted fields.", { name: "Enter a name.", email: undefined })).toEqual({
      ok: false,
      error: "Check the highlighted fields.",
      fieldErrors: { name: "Enter a name." },
    });
  });

  it("leaves fieldErrors out when no field has a message", () => {
    expect(fail("Too many tries.")).toEqual({ ok: false, error: "Too many tries." });
    expect(fail("Too many tries.", {})).toEqual({ ok: false, error: "Too many tries." });
    expect(fail("Too many tries.", { name: undefined })).toEqual({ ok: false, error: "Too many tries." });
  });

  it("failField puts one message on the field and in error; failFields says to look at the fields", () => {
    expect(failField("email", "Taken.")).toEqual({ ok: false, error: "Taken.", fieldErrors: { email: "Taken." } });
    expect(failFields({ name: "Too long." })).toEqual({ ok: false, error: "Check the highlighted fields.", fieldErrors: { name: "Too long." } });
  });
});

describe("formErrorOf()", () => {
  it("shows a failure above the form only when no field explains it", () => {
    expect(formErrorOf(fail("You have reached the limit."))).toBe("You have reached the limit.");
    expect(formErrorOf(failField("email", "Taken."))).toBeUndefined();
    expect(formErrorOf(failFields({ name: "Too long." }))).toBeUndefined();
    // A zod failure whose messages were all undefined still tells the person something.
    expect(formErrorOf(failFields({ name: undefined }))).toBe("Check the highlighted fields.");
    expect(formErrorOf(ok({ message: "Saved." }))).toBeUndefined();
    expect(formErrorOf(null)).toBeUndefined();
  });
});
