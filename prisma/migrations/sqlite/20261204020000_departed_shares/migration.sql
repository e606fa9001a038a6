-- Shares made to people who have since left the workspace: leaving now deletes them
-- (lib/dal/members.ts endMembership), but these were left behind before that, unused yet ready to
-- come back with the person. Delete them so a return restores no use here either.
DELETE FROM "CredentialShare"
WHERE NOT EXISTS (
  SELECT 1 FROM "Membership" m
  JOIN "Credential" c ON c."workspaceId" = m."workspaceId"
  WHERE c."id" = "CredentialShare"."credentialId" AND m."userId" = "CredentialShare"."userId"
);
