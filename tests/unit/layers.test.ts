import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The layer rules are lint rules (eslint.config.js); these cases prove each one fires on the
// code it forbids and stays quiet where that code belongs.
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function ruleHits(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax").map((m) => m.ruleId!);
}

describe("layer rules a machine checks", () => {
  it("the database is used only in lib/dal", async () => {
    expect(await ruleHits("lib/webhooks/x.ts", 'import { db } from "@/lib/db";\nexport const f = () => db();\n')).toEqual(["no-restricted-imports"]);
    expect(await ruleHits("app/api/x/route.ts", 'import { db } from "@/lib/db";\nexport const f = () => db();\n')).toEqual(["no-restricted-imports"]);
    expect(await ruleHits("scripts/x.ts", 'import { PrismaClient } from "@/lib/generated/sqlite/client";\nexport const f = () => new PrismaClient();\n')).toEqual(["no-restricted-imports"]);
    expect(await ruleHits("lib/dal/x.ts", 'import { db } from "@/lib/db";\nexport const f = () => db();\n')).toEqual([]);
  }, 60_000);

  it("lib/ never imports app/", async () => {
    expect(await ruleHits("lib/x.ts", 'import { POST } from "@/app/api/v1/leaks/route";\nexport const f = POST;\n')).toEqual(["no-restricted-imports"]);
    expect(await ruleHits("lib/dal/x.ts", 'import { POST } from "@/app/api/v1/leaks/route";\nexport const f = POST;\n')).toEqual(["no-restricted-imports"]);
  });

  it("the DAL does not import lib/http", async () => {
    expect(await ruleHits("lib/dal/x.ts", 'import { ApiError } from "@/lib/http/errors";\nexport const f = ApiError;\n')).toEqual(["no-restricted-imports"]);
    expect(await ruleHits("lib/http/x.ts", 'import { ApiError } from "@/lib/http/errors";\nexport const f = ApiError;\n')).toEqual([]);
  });

  it("a Viewer is made only by the session and the API-key verification", async () => {
    const mint = 'import { sessionViewer } from "@/lib/viewer-issue";\nexport const v = sessionViewer({ id: "u", name: "n", email: "e" }, null);\n';
    expect(await ruleHits("app/(dashboard)/w/[workspace]/settings/api-keys/actions.ts", mint)).toEqual(["no-restricted-imports"]);
    expect(await ruleHits("lib/dal/keys.ts", mint)).toEqual(["no-restricted-imports"]);
    expect(await ruleHits("lib/http/errors.ts", mint)).toEqual(["no-restricted-imports"]);
    expect(await ruleHits("scripts/other.ts", mint)).toEqual(["no-restricted-imports"]);
    expect(await ruleHits("lib/session.ts", mint)).toEqual([]);
    expect(await ruleHits("lib/dal/verify.ts", mint)).toEqual([]);
  });

  it("keys change only through the key-change protocol", async () => {
    const write = "export const f = (tx: any) => tx.apiKey.updateMany({ where: {}, data: { revokedAt: new Date() } });\n";
    expect(await ruleHits("lib/dal/keys.ts", write)).toEqual(["no-restricted-syntax"]);
    expect(await ruleHits("lib/dal/key-change-protocol.ts", write)).toEqual([]);
    expect(await ruleHits("lib/dal/keys.ts", "export const f = (tx: any) => tx.apiKey.findMany({});\n")).toEqual([]);
  });
});
