-- Workspaces. Every existing user gets a workspace they own, whose id is the user's id, so
-- every row that belonged to the user moves into it by copying userId into workspaceId.
-- Existing keys become member keys of their owner: same secret, same permission.

-- DropForeignKey
ALTER TABLE "ApiKey" DROP CONSTRAINT "ApiKey_userId_fkey";

-- DropForeignKey
ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_userId_fkey";

-- DropIndex
DROP INDEX "AuditEvent_userId_createdAt_idx";

-- DropIndex
DROP INDEX "AuditEvent_userId_keySid_createdAt_idx";

-- DropIndex
DROP INDEX "Credential_userId_name_key";

-- DropIndex
DROP INDEX "Webhook_userId_name_key";

-- DropIndex
DROP INDEX "WebhookDelivery_userId_status_nextAttemptAt_idx";

-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "lock" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "invitedByName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedById" TEXT,
    "acceptedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- Back-fill: one workspace per existing user, owned by them.
INSERT INTO "Workspace" ("id", "slug", "name", "lock", "createdAt", "updatedAt")
SELECT "id", "id", "name" || '''s workspace', 0, "createdAt", "updatedAt" FROM "User";
INSERT INTO "Membership" ("id", "workspaceId", "userId", "role", "createdAt")
SELECT 'm' || "id", "id", "id", 'owner', "createdAt" FROM "User";

-- AlterTable: add the columns, fill them from the owner, then require them.
ALTER TABLE "ApiKey" ADD COLUMN "createdById" TEXT,
ADD COLUMN "revokedReason" TEXT,
ADD COLUMN "workspaceId" TEXT,
ALTER COLUMN "userId" DROP NOT NULL;
UPDATE "ApiKey" SET "workspaceId" = "userId", "createdById" = CASE WHEN "createdByKeySid" IS NULL THEN "userId" END;
ALTER TABLE "ApiKey" ALTER COLUMN "workspaceId" SET NOT NULL;

ALTER TABLE "AuditEvent" ADD COLUMN "actorEmail" TEXT NOT NULL DEFAULT '',
ADD COLUMN "actorName" TEXT NOT NULL DEFAULT '',
ADD COLUMN "workspaceId" TEXT,
ALTER COLUMN "userId" DROP NOT NULL;
UPDATE "AuditEvent" a SET "workspaceId" = a."userId", "actorName" = u."name", "actorEmail" = u."email" FROM "User" u WHERE u."id" = a."userId";
ALTER TABLE "AuditEvent" ALTER COLUMN "workspaceId" SET NOT NULL;

ALTER TABLE "Credential" ADD COLUMN "workspaceId" TEXT;
UPDATE "Credential" SET "workspaceId" = "userId";
ALTER TABLE "Credential" ALTER COLUMN "workspaceId" SET NOT NULL;

ALTER TABLE "User" DROP COLUMN "keyLock";

ALTER TABLE "Webhook" ADD COLUMN "workspaceId" TEXT;
UPDATE "Webhook" SET "workspaceId" = "userId";
ALTER TABLE "Webhook" ALTER COLUMN "workspaceId" SET NOT NULL;

ALTER TABLE "WebhookDelivery" ADD COLUMN "workspaceId" TEXT;
UPDATE "WebhookDelivery" SET "workspaceId" = "userId";
ALTER TABLE "WebhookDelivery" ALTER COLUMN "workspaceId" SET NOT NULL;
ALTER TABLE "WebhookDelivery" DROP COLUMN "userId";

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_slug_key" ON "Workspace"("slug");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_workspaceId_userId_key" ON "Membership"("workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_workspaceId_status_idx" ON "Invitation"("workspaceId", "status");

-- CreateIndex
CREATE INDEX "ApiKey_workspaceId_revokedAt_idx" ON "ApiKey"("workspaceId", "revokedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceId_createdAt_idx" ON "AuditEvent"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceId_keySid_createdAt_idx" ON "AuditEvent"("workspaceId", "keySid", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_workspaceId_userId_createdAt_idx" ON "AuditEvent"("workspaceId", "userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_workspaceId_name_key" ON "Credential"("workspaceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Webhook_workspaceId_name_key" ON "Webhook"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "WebhookDelivery_workspaceId_status_nextAttemptAt_idx" ON "WebhookDelivery"("workspaceId", "status", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
