-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "maxActiveKeys" INTEGER,
    "maxCredentials" INTEGER,
    "maxWebhooks" INTEGER,
    "maxMembers" INTEGER,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- The plans an instance starts with (issue 15, from the AnyAPI page). A null limit is
-- unlimited, except the default plan's active keys, credentials and webhooks: those come from
-- MAX_ACTIVE_KEYS, MAX_CREDENTIALS and MAX_WEBHOOKS at run time (lib/plans/limits.ts), so the
-- columns stay null and are never read. Every existing workspace is on "default" (the column's
-- default), which keeps the limits it had.
INSERT INTO "Plan" ("id", "name", "maxActiveKeys", "maxCredentials", "maxWebhooks", "maxMembers", "sortOrder", "updatedAt") VALUES
    ('default', 'Default', NULL, NULL, NULL, NULL, 0, CURRENT_TIMESTAMP),
    ('starter', 'Starter', 5, 1, 1, 1, 1, CURRENT_TIMESTAMP),
    ('lite', 'Lite', 20, 5, 5, 5, 2, CURRENT_TIMESTAMP),
    ('plus', 'Plus', 100, 20, 20, 20, 3, CURRENT_TIMESTAMP),
    ('agency', 'Agency', NULL, NULL, NULL, NULL, 4, CURRENT_TIMESTAMP);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Workspace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "lock" INTEGER NOT NULL DEFAULT 0,
    "requireTwoFactor" BOOLEAN NOT NULL DEFAULT false,
    "planId" TEXT NOT NULL DEFAULT 'default',
    "maxActiveKeysOverride" INTEGER,
    "maxCredentialsOverride" INTEGER,
    "maxWebhooksOverride" INTEGER,
    "maxMembersOverride" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Workspace_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Workspace" ("createdAt", "id", "lock", "name", "requireTwoFactor", "slug", "updatedAt") SELECT "createdAt", "id", "lock", "name", "requireTwoFactor", "slug", "updatedAt" FROM "Workspace";
DROP TABLE "Workspace";
ALTER TABLE "new_Workspace" RENAME TO "Workspace";
CREATE UNIQUE INDEX "Workspace_slug_key" ON "Workspace"("slug");
CREATE INDEX "Workspace_planId_idx" ON "Workspace"("planId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
