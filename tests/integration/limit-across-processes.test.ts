import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { makeViewer } from "@/tests/integration/fixtures";
import { countActiveKeys } from "@/lib/dal/keys";
import { db } from "@/lib/db";

const run = promisify(execFile);
const child = path.join(import.meta.dirname, "create-keys-child.ts");

afterAll(() => db().$disconnect());

describe("the key limit across processes (several app instances on one database)", () => {
  it("4 processes creating 10 keys each at once for one user yield exactly 5", async () => {
    const viewer = await makeViewer();
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ["--import", "tsx", "--conditions=react-server", child, viewer.id, "10"], { env: { ...process.env, KEY_CREATES_PER_USER_PER_HOUR: "1000" }, timeout: 60_000 }),
      ),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout) as { created: number; refused: number });
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(5);
    expect(results.reduce((n, r) => n + r.refused, 0)).toBe(35);
    expect(await countActiveKeys(viewer)).toBe(5);
  }, 90_000);
});
