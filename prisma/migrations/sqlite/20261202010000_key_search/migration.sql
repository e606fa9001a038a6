-- Substring search over a workspace's keys without reading every key (lib/dal/key-search.ts):
-- an FTS5 table with the trigram tokenizer holds each key's searchText. Prisma's schema has no
-- word for virtual tables or triggers, so they live here only, and scripts/db.mjs tells the
-- schema diff to leave them alone.
--
-- ApiKeySearchRow gives each key a stable integer (an INTEGER PRIMARY KEY survives VACUUM,
-- ApiKey's implicit rowid does not), used as the FTS row's rowid, so the triggers find a key's
-- FTS row by its key instead of searching the index for it.
--
-- The triggers keep the index in step with every insert, searchText change and delete
-- (including cascades). A later migration that redefines "ApiKey" (SQLite rebuilds the table)
-- drops them: it must create them again. tests/integration/key-search.test.ts checks they act.
CREATE TABLE "ApiKeySearchRow" (
    "n" INTEGER NOT NULL PRIMARY KEY,
    "keyId" TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE "ApiKeySearch" USING fts5("searchText", tokenize = 'trigram case_sensitive 1');

INSERT INTO "ApiKeySearchRow" ("keyId") SELECT "id" FROM "ApiKey";
INSERT INTO "ApiKeySearch" ("rowid", "searchText")
    SELECT r."n", k."searchText" FROM "ApiKey" k JOIN "ApiKeySearchRow" r ON r."keyId" = k."id";

CREATE TRIGGER "ApiKey_search_insert" AFTER INSERT ON "ApiKey" BEGIN
    INSERT INTO "ApiKeySearchRow" ("keyId") VALUES (new."id");
    INSERT INTO "ApiKeySearch" ("rowid", "searchText")
        VALUES ((SELECT "n" FROM "ApiKeySearchRow" WHERE "keyId" = new."id"), new."searchText");
END;

CREATE TRIGGER "ApiKey_search_update" AFTER UPDATE OF "id", "searchText" ON "ApiKey" BEGIN
    DELETE FROM "ApiKeySearch" WHERE "rowid" = (SELECT "n" FROM "ApiKeySearchRow" WHERE "keyId" = old."id");
    DELETE FROM "ApiKeySearchRow" WHERE "keyId" = old."id";
    INSERT INTO "ApiKeySearchRow" ("keyId") VALUES (new."id");
    INSERT INTO "ApiKeySearch" ("rowid", "searchText")
        VALUES ((SELECT "n" FROM "ApiKeySearchRow" WHERE "keyId" = new."id"), new."searchText");
END;

CREATE TRIGGER "ApiKey_search_delete" AFTER DELETE ON "ApiKey" BEGIN
    DELETE FROM "ApiKeySearch" WHERE "rowid" = (SELECT "n" FROM "ApiKeySearchRow" WHERE "keyId" = old."id");
    DELETE FROM "ApiKeySearchRow" WHERE "keyId" = old."id";
END;

-- The list's default order, newest first: a page walks the index and stops after 25 keys.
-- CreateIndex
CREATE INDEX "ApiKey_workspaceId_createdAt_idx" ON "ApiKey"("workspaceId", "createdAt");
