import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Logo } from "@/components/logo";
import { SiteFooter } from "@/components/site-footer";
import { OPERATIONS, openApiDocument } from "@/lib/http/openapi";
import { CodeBlock } from "./_components/code-block";

export const metadata: Metadata = { title: "API reference" };

const METHOD_TONE = { get: "green", post: "amber", patch: "amber", delete: "red" } as const;
// A real one: what GET /api/v1/keys/{sid} answers for a key that is not the caller's.
const ERROR_BODY = `{ "error": { "code": "not_found", "message": "No such key." } }`;

type Props = Record<string, { type?: string | string[]; enum?: string[]; maxLength?: number; description?: string; default?: unknown }>;

function curlFor(op: (typeof OPERATIONS)[number]): string {
  const url = `$LATCHKEY_URL${op.path.replace("{sid}", "key_AbCdEfGhIjKlMnOp")}`;
  const lines = [`curl${op.method === "get" ? "" : ` -X ${op.method.toUpperCase()}`} "${url}"`];
  if (op.permission !== "none") lines.push(`  -H "Authorization: ApiKey $LATCHKEY_KEY"`);
  if (op.example) lines.push(`  -H "Content-Type: application/json"`, `  -d '${JSON.stringify(op.example)}'`);
  return lines.join(" \\\n");
}

// Two columns, the type under the name (as Stripe's reference has it), so the table fits a
// 320 px screen without scrolling; long enums and notes wrap anywhere.
function Fields({ properties, required = [] }: { properties: Props; required?: string[] }) {
  return (
    <table className="mt-2 w-full text-left text-sm">
      <thead className="text-xs text-slate-600 uppercase">
        <tr><th className="py-1 pr-4">Field</th><th className="py-1">Notes</th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {Object.entries(properties).map(([name, p]) => (
          <tr key={name}>
            <td className="py-2 pr-4">
              <code className="font-mono text-xs text-slate-900">{name}</code>
              <span className="block text-xs text-slate-600 [overflow-wrap:anywhere]">
                {p.enum ? p.enum.join(" | ") : [p.type].flat().join(" | ")}
                {required.includes(name) && <span className="font-medium text-red-700"> required</span>}
              </span>
            </td>
            <td className="py-2 text-xs text-slate-600 [overflow-wrap:anywhere]">
              {[p.description?.replace(/\.$/, ""), p.maxLength && `at most ${p.maxLength} characters`, p.default !== undefined && `default ${JSON.stringify(p.default)}`].filter(Boolean).join("; ")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The API reference, rendered on the server from the OpenAPI document itself: no CDN, no drift. */
export default function ApiReferencePage() {
  const doc = openApiDocument();
  return (
    <div className="flex min-h-screen flex-col">
      <main className="mx-auto w-full max-w-4xl flex-1 px-4 py-10 sm:px-6">
        <Logo />
        <h1 className="mt-8 text-3xl font-semibold tracking-tight text-slate-900">API reference</h1>
        <p className="mt-3 text-slate-600">{doc.info.description.replaceAll("`", "")}</p>
        <p className="mt-3 text-sm text-slate-600">
          Machine-readable: <a className="font-medium text-indigo-700 underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Create keys in{" "}
          <Link className="font-medium text-indigo-700 underline" href="/settings/api-keys">Settings → API Keys</Link>. Every error has the same shape:
        </p>
        <CodeBlock title="Error body" name="Error body example" code={ERROR_BODY} level={2} className="mt-3" />
        <nav aria-label="Operations" className="mt-8 rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <ul className="grid gap-1 text-sm sm:grid-cols-2">
            {OPERATIONS.map((op) => (
              <li key={op.method + op.path}>
                <a href={`#${op.method}-${op.path}`} className="text-indigo-700 hover:underline">
                  <span className="inline-block w-14 font-mono text-xs uppercase">{op.method}</span> {op.path}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="mt-8 space-y-8">
          {OPERATIONS.map((op) => {
            const spec = (doc.paths[op.path] as Record<string, { parameters: Array<{ name: string; in: string; schema: Props[string]; required: boolean }>; requestBody?: { content: { "application/json": { schema: { properties: Props; required?: string[] } } } } }>)[op.method];
            const query = spec.parameters.filter((p) => p.in === "query");
            const body = spec.requestBody?.content["application/json"].schema;
            return (
              <section key={op.method + op.path} id={`${op.method}-${op.path}`} className="scroll-mt-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6">
                <h2 className="flex flex-wrap items-center gap-3 text-lg font-semibold text-slate-900">
                  <Badge tone={METHOD_TONE[op.method]}>{op.method.toUpperCase()}</Badge>
                  <code className="font-mono text-base break-all">{op.path}</code>
                  <span className="text-sm font-normal text-slate-500">{op.summary} · {op.permission === "none" ? "no key needed" : `needs ${op.permission === "read" ? "Read" : "Write"}`}</span>
                </h2>
                <p className="mt-2 text-sm text-slate-600">{op.description}</p>
                {query.length > 0 && (
                  <>
                    <h3 className="mt-4 text-sm font-semibold text-slate-900">Query parameters</h3>
                    <Fields properties={Object.fromEntries(query.map((p) => [p.name, { ...p.schema, description: p.schema.description }]))} />
                  </>
                )}
                {body && (
                  <>
                    <h3 className="mt-4 text-sm font-semibold text-slate-900">Request body (JSON)</h3>
                    <Fields properties={body.properties} required={body.required} />
                  </>
                )}
                <CodeBlock title="Example" name={`${op.method.toUpperCase()} ${op.path} example`} code={curlFor(op)} className="mt-4" />
                <p className="mt-2 text-xs text-slate-500">
                  Success: {op.ok.status} {op.ok.description}. Errors: {op.errors.join(", ")}.
                </p>
              </section>
            );
          })}
        </div>
      </main>
      <SiteFooter />
    </div>
  );
}
