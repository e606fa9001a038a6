-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "hosts" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sharing" TEXT NOT NULL DEFAULT 'private';

-- CreateTable
CREATE TABLE "CredentialShare" (
    "credentialId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CredentialShare_pkey" PRIMARY KEY ("credentialId","userId")
);

-- CreateIndex
CREATE INDEX "CredentialShare_userId_idx" ON "CredentialShare"("userId");

-- AddForeignKey
ALTER TABLE "CredentialShare" ADD CONSTRAINT "CredentialShare_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CredentialShare" ADD CONSTRAINT "CredentialShare_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Nothing in use breaks: each existing credential may be sent to the hosts of the webhooks that
-- use it now (stored URLs are normalised by new URL(), so the host follows "scheme://" up to a
-- port, path or end, and IPv6 keeps its brackets, as URL.hostname does). One unused has no host
-- yet: it cannot be attached until someone who manages it names one.
UPDATE "Credential" AS c SET "hosts" = h."hosts"
FROM (
  SELECT "credentialId", string_agg(DISTINCT lower(substring("url" from '^[A-Za-z][A-Za-z0-9+.-]*://(\[[^\]]*\]|[^/:?#]+)')), E'\n') AS "hosts"
  FROM "Webhook" WHERE "credentialId" IS NOT NULL GROUP BY "credentialId"
) AS h
WHERE h."credentialId" = c."id";

-- A webhook whose owner is not the credential's creator (an Admin attached their own to a
-- Member's webhook) keeps authenticating: the credential is shared with that owner.
INSERT INTO "CredentialShare" ("credentialId", "userId")
SELECT DISTINCT w."credentialId", w."userId" FROM "Webhook" w JOIN "Credential" c ON c."id" = w."credentialId" WHERE w."userId" <> c."userId";
UPDATE "Credential" SET "sharing" = 'members' WHERE "id" IN (SELECT "credentialId" FROM "CredentialShare");
