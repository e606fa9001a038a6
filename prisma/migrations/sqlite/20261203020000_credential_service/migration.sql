-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "service" TEXT;
