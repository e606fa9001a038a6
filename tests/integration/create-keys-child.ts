// A separate process creating keys for one user, for limit-across-processes.test.ts.
// Usage: node --import tsx --conditions=react-server create-keys-child.ts <userId> <count>
import { createKey } from "@/lib/dal/key-changes";
import { findMembership } from "@/lib/dal/workspaces";
import { sessionViewer } from "@/lib/viewer-issue";
import { db } from "@/lib/db";
import { redis } from "@/lib/limits/rate-limit";
import { parseCreateKey } from "@/lib/validation/keys";

const [userId, count] = process.argv.slice(2);
const input = parseCreateKey({ name: `from pid ${process.pid}`, expiry: "30" });
if (!input.ok) throw new Error("invalid input");
const membership = await findMembership(userId);
if (!membership) throw new Error("no workspace");
const viewer = sessionViewer({ id: userId, name: "child", email: "child@example.test" }, membership, null);
const results = await Promise.all(Array.from({ length: Number(count) }, () => createKey(viewer, input.data)));
process.stdout.write(JSON.stringify({ created: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok && r.reason === "limit_reached").length }));
await db().$disconnect();
redis()?.disconnect(); // else the open connection keeps this process alive
