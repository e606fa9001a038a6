import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every server action answers with lib/action-result.ts's ActionResult, built by ok() and fail(),
// so every form and button reads one shape. An action that invents its own result type (or its
// own `formError`) still type-checks against its own component, so only a check like this one
// makes it stand out. Reading the text is enough: "use server" files are short and regular.
const root = path.resolve(import.meta.dirname, "../..");

const actionFiles = () =>
  readdirSync(path.join(root, "app"), { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "actions.ts")
    .map((file) => path.join("app", file));

/** The text right after an exported function's parameter list (its declared return type). */
function afterParameters(source: string, openParen: number): string {
  let depth = 0;
  for (let i = openParen; i < source.length; i++) {
    if (source[i] === "(") depth++;
    else if (source[i] === ")" && --depth === 0) return source.slice(i + 1, i + 200);
  }
  return "";
}

/** What is wrong with one "use server" file's results, one line per problem. */
export function resultProblems(source: string): string[] {
  const problems: string[] = [];
  for (const match of source.matchAll(/^\s*(?:export\s+)?(?:type|interface)\s+(\w*Result)\b/gm)) problems.push(`declares its own result type ${match[1]}`);
  if (/\bformError\b/.test(source)) problems.push("uses formError (ActionResult calls it error)");
  // A value `{ ok: ... }` after return, =>, =, ?, : or ( is a hand-built result; inside a type
  // argument such as Exclude<SaveResult, { ok: true }> it is not.
  if (/(?:\breturn|=>|[=?:(])\s*\{\s*ok\s*:/.test(source)) problems.push("builds a result by hand (use ok() or fail())");
  for (const match of source.matchAll(/export\s+(?:const|let|var)\s+(\w+)/g)) problems.push(`exports ${match[1]} as a variable (export an async function)`);
  for (const match of source.matchAll(/export\s+async\s+function\s+(\w+)\s*(?:<[^>]*>)?\s*\(/g)) {
    const rest = afterParameters(source, match.index + match[0].length - 1);
    if (!/^\s*:\s*Promise<ActionResult\b/.test(rest)) problems.push(`${match[1]} does not declare Promise<ActionResult<…>> as its return type`);
  }
  return problems;
}

describe("every server action returns the shared ActionResult", () => {
  it("no app/**/actions.ts declares, builds or returns a result of its own", () => {
    const files = actionFiles();
    expect(files.length).toBeGreaterThanOrEqual(5);
    const problems = files.flatMap((file) => resultProblems(readFileSync(path.join(root, file), "utf8")).map((problem) => `${file}: ${problem}`));
    expect(problems).toEqual([]);
  });

  it("the check itself catches an ad-hoc result, a hand-built one and a missing return type", () => {
    const adHoc = `"use server";
import { saveThing, type SaveThingResult } from "@/lib/dal/things";
export type SaveResult = { ok: true } | { ok: false; formError: string };
export async function saveAction(input: { name: unknown }): Promise<SaveResult> { return { ok: true }; }
export async function otherAction(id: unknown) { return ok(); }
export const thirdAction = async () => ok();`;
    expect(resultProblems(adHoc)).toEqual([
      "declares its own result type SaveResult",
      "uses formError (ActionResult calls it error)",
      "builds a result by hand (use ok() or fail())",
      "exports thirdAction as a variable (export an async function)",
      "saveAction does not declare Promise<ActionResult<…>> as its return type",
      "otherAction does not declare Promise<ActionResult<…>> as its return type",
    ]);
    const good = `"use server";
function failure(result: Exclude<SaveThingResult, { ok: true }>): ActionResult<never> { return fail("No."); }
export async function saveAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult<{ id: string }>> { return ok({ id: "1" }); }`;
    expect(resultProblems(good)).toEqual([]);
  });
});
