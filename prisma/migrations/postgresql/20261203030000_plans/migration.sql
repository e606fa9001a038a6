-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "maxActiveKeysOverride" INTEGER,
ADD COLUMN     "maxCredentialsOverride" INTEGER,
ADD COLUMN     "maxMembersOverride" INTEGER,
ADD COLUMN     "maxWebhooksOverride" INTEGER,
ADD COLUMN     "planId" TEXT NOT NULL DEFAULT 'default';

-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "maxActiveKeys" INTEGER,
    "maxCredentials" INTEGER,
    "maxWebhooks" INTEGER,
    "maxMembers" INTEGER,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
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

-- CreateIndex
CREATE INDEX "Workspace_planId_idx" ON "Workspace"("planId");

-- AddForeignKey
ALTER TABLE "Workspace" ADD CONSTRAINT "Workspace_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
