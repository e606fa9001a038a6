import { openApiDocument } from "@/lib/http/openapi";

/** The API's contract, public: it describes the API, not anybody's keys. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
