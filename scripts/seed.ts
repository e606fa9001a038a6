// `npm run db:seed`: a demo account with a few keys, so a newcomer sees a populated page.
// Prints the credentials (and nothing secret: the demo keys' secrets are discarded, as
// they would be after a real one-time reveal).
import { createKey, revokeKey } from "@/lib/dal/key-changes";
import { createUser } from "@/lib/dal/users";
import { findMembership } from "@/lib/dal/workspaces";
import { sessionViewer } from "@/lib/viewer-issue";
import { disconnectDatabase } from "@/lib/dal/health-probe";
import { parseCreateKey } from "@/lib/validation/keys";

const email = "demo@latchkey.local";
const password = "latchkey-demo-password";

async function main() {
  const created = await createUser({ name: "Demo User", email, password });
  if (!created.ok && created.reason === "email_taken") {
    console.log(`[seed] the demo account already exists: ${email} / ${password}`);
    return;
  }
  if (!created.ok) throw new Error("could not create the demo account");
  // The seed stands in for the person signing up and creating keys in the dashboard.
  const membership = await findMembership(created.user.id);
  if (!membership) throw new Error("the demo account has no workspace");
  const viewer = sessionViewer(created.user, membership, null);
  const keys = [
    { name: "Production", description: "Orders service in eu-west-1", expiry: "90", permission: "read_write" },
    { name: "Staging", description: "QA environment", expiry: "30", permission: "read" },
    { name: "CI pipeline", description: "GitHub Actions deploy job", expiry: "custom", expiresOn: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10), permission: "write" },
    { name: "Old laptop", description: "Replaced in October", expiry: "never" },
  ];
  for (const fields of keys) {
    const input = parseCreateKey(fields);
    if (!input.ok) throw new Error(`invalid demo key ${fields.name}`);
    const result = await createKey(viewer, input.data);
    if (result.ok && fields.name === "Old laptop") await revokeKey(viewer, result.key.sid);
  }
  console.log(`[seed] demo account created: ${email} / ${password} (${keys.length} keys, one revoked)`);
}

main()
  .then(() => disconnectDatabase())
  .catch(async (error) => {
    console.error("[seed] failed:", error instanceof Error ? error.message : error);
    await disconnectDatabase();
    process.exit(1);
  });
