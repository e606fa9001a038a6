-- CreateTable
CREATE TABLE "CredentialShare" (
    "credentialId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("credentialId", "userId"),
    CONSTRAINT "CredentialShare_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CredentialShare_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Credential" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "fieldName" TEXT,
    "keyId" TEXT NOT NULL,
    "sealed" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "sharing" TEXT NOT NULL DEFAULT 'private',
    "hosts" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Credential_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Credential_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Credential" ("createdAt", "fieldName", "hint", "id", "keyId", "name", "sealed", "type", "updatedAt", "userId", "workspaceId") SELECT "createdAt", "fieldName", "hint", "id", "keyId", "name", "sealed", "type", "updatedAt", "userId", "workspaceId" FROM "Credential";
DROP TABLE "Credential";
ALTER TABLE "new_Credential" RENAME TO "Credential";
CREATE INDEX "Credential_keyId_idx" ON "Credential"("keyId");
CREATE UNIQUE INDEX "Credential_workspaceId_name_key" ON "Credential"("workspaceId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CredentialShare_userId_idx" ON "CredentialShare"("userId");


-- Nothing in use breaks: each existing credential may be sent to the hosts of the webhooks that
-- use it now (stored URLs are normalised by new URL(), so the host follows "scheme://" up to a
-- port, path or end, and IPv6 keeps its brackets, as URL.hostname does). One unused has no host
-- yet: it cannot be attached until someone who manages it names one.
UPDATE "Credential" SET "hosts" = COALESCE((
  SELECT group_concat("host", char(10)) FROM (
    SELECT DISTINCT lower(CASE
      WHEN "authority" LIKE '[%' THEN substr("authority", 1, instr("authority", ']'))
      WHEN instr("authority", ':') > 0 THEN substr("authority", 1, instr("authority", ':') - 1)
      ELSE "authority" END) AS "host"
    FROM (
      SELECT substr("rest", 1, instr("rest" || '/', '/') - 1) AS "authority"
      FROM (SELECT substr("url", instr("url", '://') + 3) AS "rest" FROM "Webhook" WHERE "Webhook"."credentialId" = "Credential"."id")
    )
  )
), '');

-- A webhook whose owner is not the credential's creator (an Admin attached their own to a
-- Member's webhook) keeps authenticating: the credential is shared with that owner.
INSERT INTO "CredentialShare" ("credentialId", "userId")
SELECT DISTINCT w."credentialId", w."userId" FROM "Webhook" w JOIN "Credential" c ON c."id" = w."credentialId" WHERE w."userId" <> c."userId";
UPDATE "Credential" SET "sharing" = 'members' WHERE "id" IN (SELECT "credentialId" FROM "CredentialShare");
