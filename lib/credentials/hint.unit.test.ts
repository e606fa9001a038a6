import { describe, expect, it } from "vitest";
import type { CredentialSecret } from "@/lib/validation/credentials";
import { hintOf, shownHint } from "./hint";

// Every length from 1 to 20: the guarantee is about 12, whatever the module's constants say.
const lengths = Array.from({ length: 20 }, (_, i) => i + 1);
const secretOf = (length: number) => Array.from({ length }, (_, i) => "ABCDEFGHJKLMNPQRSTUVWXYZabcdefgh"[i]).join("");
const single = (type: "bearer" | "header" | "query", value: string): CredentialSecret => (type === "bearer" ? { type, token: value } : { type, value });

describe("the hint stored beside a credential", () => {
  it("shows no character at all of a secret shorter than 12 characters", () => {
    for (const type of ["bearer", "header", "query"] as const) {
      for (const length of lengths.filter((n) => n < 12)) {
        // 4 characters of an 8-character password is half of it; of a 4-character PIN, all of it.
        expect(hintOf(single(type, secretOf(length))), `${type}, ${length} characters`).toBe("");
      }
    }
  });

  it("shows the last 4 characters of a secret of 12 or more, and never more than 4", () => {
    for (const type of ["bearer", "header", "query"] as const) {
      for (const length of lengths.filter((n) => n >= 12)) {
        const secret = secretOf(length);
        expect(hintOf(single(type, secret)), `${type}, ${length} characters`).toBe(secret.slice(-4));
      }
    }
  });

  it("never hints at a Basic credential's password (nor its username), however long", () => {
    for (const length of lengths) {
      const hint = hintOf({ type: "basic", username: `user-${secretOf(length)}`, password: secretOf(length) });
      expect(hint, `password of ${length} characters`).toBe("");
    }
  });
});

describe("the hint a page shows for a stored row", () => {
  it("shows a hint the current rule stores", () => {
    expect(shownHint("bearer", "A1b2")).toBe("A1b2");
    expect(shownHint("header", "E5f6")).toBe("E5f6");
    expect(shownHint("query", "G7h8")).toBe("G7h8");
    expect(shownHint("bearer", "")).toBeNull();
  });

  it("never shows a Basic row's hint stored under the old rule (the password's last 4 characters)", () => {
    expect(shownHint("basic", "C3d4")).toBeNull();
    expect(shownHint("basic", "")).toBeNull();
  });

  it("never shows an old row's hint shorter than 4 characters: that was the whole secret", () => {
    for (const stored of ["a", "ab", "abc"]) expect(shownHint("bearer", stored), stored).toBeNull();
    for (const stored of ["a", "ab", "abc"]) expect(shownHint("query", stored), stored).toBeNull();
  });
});
