import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { db, usingPostgres } from "@/lib/db";
import { deleteKey, revokeKey, updateKey } from "@/lib/dal/key-changes";
import { listKeyFeed, listKeys, searchTextOf } from "@/lib/dal/keys";
import { keyListSchema } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";

// The list's search (lib/dal/key-search.ts) on a workspace larger than a page, larger than
// SQLite's 999 bound parameters, and larger than the SQLite index probe: every path must give
// the same literal, workspace-bound answer.

afterAll(() => db().$disconnect());

/** `count` keys named `${name} <n>` in the viewer's workspace, written directly (the active-key limit is 5). */
async function bulkKeys(viewer: Viewer, name: string, count: number, fields: { revokedAt?: Date } = {}) {
  const rows = Array.from({ length: count }, (_, n) => {
    const sid = `key_${randomBytes(8).toString("hex")}`;
    const prefix = `lk_${randomBytes(2).toString("hex")}`;
    const keyName = `${name} ${n}`;
    return {
      sid,
      prefix,
      name: keyName,
      description: "",
      hash: randomBytes(32).toString("hex"),
      workspaceId: viewer.workspace.id,
      userId: null,
      createdById: viewer.id,
      permission: "read",
      searchText: searchTextOf({ name: keyName, description: "", sid, prefix }),
      ...fields,
    };
  });
  await db().apiKey.createMany({ data: rows });
}

const list = (viewer: Viewer, q: string, page = 1) => listKeys(viewer, keyListSchema.parse({ q, page: String(page) }));
const names = (keys: Array<{ name: string }>) => keys.map((key) => key.name);

describe("a search that matches more keys than SQLite takes parameters", () => {
  it("counts, pages and feeds 1,200 matches (this answered 500 when the matches went back as `id IN (...)`)", async () => {
    const viewer = await makeViewer();
    await bulkKeys(viewer, "Bulk export", 1_200);
    await bulkKeys(viewer, "Bulk export revoked", 30, { revokedAt: new Date() });
    await bulkKeys(viewer, "Other", 40);

    const first = await list(viewer, "bulk export");
    expect(first.current.total).toBe(1_200);
    expect(first.current.pages).toBe(48);
    expect(first.current.keys).toHaveLength(25);
    expect(first.revoked.total).toBe(30);
    const last = await list(viewer, "bulk export", 48);
    expect(last.current.keys).toHaveLength(25);
    expect(last.current.keys.every((key) => key.name.startsWith("Bulk export "))).toBe(true);

    const feed = await listKeyFeed(viewer, { query: "bulk export", sort: "name", direction: "asc", status: "active", offset: 1_190, limit: 20 });
    expect(feed.keys).toHaveLength(10);
    expect(feed.more).toBe(false);
  });
});

describe("what a search matches", () => {
  it("is literal: % _ \\ and quotes are characters, not wildcards or query syntax", async () => {
    const viewer = await makeViewer();
    for (const name of ["100%_done", "100x_done", "100%xdone", 'say "hi" now', "back\\slash"]) await makeKey(viewer, { name });

    const found = async (q: string) => names((await list(viewer, q)).current.keys).sort();
    expect(await found("0%_")).toEqual(["100%_done"]); // three characters: the index path
    expect(await found("%")).toEqual(["100%_done", "100%xdone"]); // one character: the scan path
    expect(await found("%_d")).toEqual(["100%_done"]); // as LIKE, "%_d" would match every name here
    expect(await found("%_")).toEqual(["100%_done"]); // (sids and prefixes have "_" only after y and k: key_, lk_)
    expect(await found('"hi"')).toEqual(['say "hi" now']);
    expect(await found('hi" n')).toEqual(['say "hi" now']);
    expect(await found("k\\s")).toEqual(["back\\slash"]);
    expect(await found("0x_d")).toEqual(["100x_done"]);
  });

  it("follows renames, revocations and deletions of keys", async () => {
    const viewer = await makeViewer();
    const { key } = await makeKey(viewer, { name: "Alpha warehouse" });
    expect(names((await list(viewer, "alpha")).current.keys)).toEqual(["Alpha warehouse"]);

    expect((await updateKey(viewer, key.sid, { name: "Gamma warehouse", description: "nightly sync" })).ok).toBe(true);
    expect((await list(viewer, "alpha")).current.total).toBe(0);
    expect(names((await list(viewer, "gamma")).current.keys)).toEqual(["Gamma warehouse"]);
    expect(names((await list(viewer, "nightly")).current.keys)).toEqual(["Gamma warehouse"]);

    await revokeKey(viewer, key.sid);
    expect(names((await list(viewer, "gamma")).revoked.keys)).toEqual(["Gamma warehouse"]);
    expect((await deleteKey(viewer, key.sid)).ok).toBe(true);
    const after = await list(viewer, "gamma");
    expect(after.current.total + after.revoked.total).toBe(0);
  });

  it("finds a key by its sid and prefix, and never another workspace's key that the index also holds", async () => {
    const alice = await makeViewer("Alice");
    const bob = await makeViewer("Bob");
    const { key } = await makeKey(alice, { name: "Shared word zebra" });
    await makeKey(bob, { name: "Shared word zebra" });
    expect(names((await list(alice, key.sid)).current.keys)).toEqual(["Shared word zebra"]);
    expect((await list(alice, key.prefix)).current.keys.map((k) => k.sid)).toContain(key.sid);
    const both = await list(alice, "zebra");
    expect(both.current.keys.map((k) => k.sid)).toEqual([key.sid]);
  });

  it("gives the same answer when the query is too common for the SQLite index (over 500 keys instance-wide)", async () => {
    const crowd = await makeViewer("Crowd");
    const viewer = await makeViewer();
    const word = `common${randomBytes(3).toString("hex")}`;
    await bulkKeys(crowd, word, 600);
    await bulkKeys(viewer, `${word} mine`, 3);
    const found = await list(viewer, word);
    expect(names(found.current.keys).sort()).toEqual([`${word} mine 0`, `${word} mine 1`, `${word} mine 2`]);
  });
});

describe.runIf(!usingPostgres())("the SQLite search index", () => {
  it("holds one row per key: triggers add, change and remove rows with the keys, cascades included", async () => {
    const rowsFor = async () => {
      const [{ keys }] = await db().$queryRawUnsafe<Array<{ keys: bigint }>>(`SELECT count(*) AS "keys" FROM "ApiKey"`);
      const [{ rows }] = await db().$queryRawUnsafe<Array<{ rows: bigint }>>(`SELECT count(*) AS "rows" FROM "ApiKeySearchRow"`);
      const [{ fts }] = await db().$queryRawUnsafe<Array<{ fts: bigint }>>(`SELECT count(*) AS "fts" FROM "ApiKeySearch"`);
      return { keys: Number(keys), rows: Number(rows), fts: Number(fts) };
    };
    const viewer = await makeViewer();
    await bulkKeys(viewer, "Cascade", 20);
    const before = await rowsFor();
    expect(before.rows).toBe(before.keys);
    expect(before.fts).toBe(before.keys);
    await db().workspace.delete({ where: { id: viewer.workspace.id } }); // cascades to its keys
    const after = await rowsFor();
    expect(after).toEqual({ keys: before.keys - 20, rows: before.keys - 20, fts: before.keys - 20 });
  });
});
