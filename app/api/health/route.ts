import { NO_STORE } from "@/lib/http/errors";

/** Liveness: answers without touching the database (the benchmark's unauthenticated baseline). */
export function GET() {
  return Response.json({ ok: true }, { headers: NO_STORE });
}
