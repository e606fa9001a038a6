-- Substring search over a workspace's keys without reading every key: a trigram index that
-- LIKE '%...%' can use (lib/dal/key-search.ts). pg_trgm ships with PostgreSQL and is a
-- trusted extension (13+): the database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- fastupdate off: a new key goes into the index itself, not into a pending list that every
-- search reads through until (auto)vacuum merges it. Keys are written rarely, searched often.
-- CreateIndex
CREATE INDEX "ApiKey_searchText_idx" ON "ApiKey" USING GIN ("searchText" gin_trgm_ops) WITH (fastupdate = off);

-- The list's default order, newest first: a page walks the index and stops after 25 keys.
-- CreateIndex
CREATE INDEX "ApiKey_workspaceId_createdAt_idx" ON "ApiKey"("workspaceId", "createdAt");
