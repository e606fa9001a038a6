import { AsyncLocalStorage } from "node:async_hooks";

// Next reads globalThis.AsyncLocalStorage when its request-scope modules load (its server sets
// it up first thing); without it `headers()` and `cookies()` can never find a request.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

/**
 * Runs `fn` inside the request scope Next's server gives a route handler or a server action,
 * built by Next's own request-store factory from `request`'s headers (cookies included), so
 * `headers()`, `cookies()`, getServerSession() and getViewer() see exactly that request.
 * Imported lazily: the global above must be set before Next's modules load.
 */
export async function inRequest<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  const { workAsyncStorage } = await import("next/dist/server/app-render/work-async-storage.external.js");
  const { workUnitAsyncStorage } = await import("next/dist/server/app-render/work-unit-async-storage.external.js");
  const { createRequestStoreForAPI } = await import("next/dist/server/async-storage/request-store.js");
  const url = new URL(request.url);
  // The parts of Next's work store these code paths read; revalidatePath() only records
  // the paths to revalidate on it (there is no page cache in a test).
  const workStore = { route: url.pathname, page: url.pathname, forceStatic: false, dynamicShouldError: false, incrementalCache: {} };
  const requestStore = createRequestStoreForAPI({ headers: request.headers } as never, url as never, undefined as never, undefined, undefined as never, undefined);
  return workAsyncStorage.run(workStore as never, () => workUnitAsyncStorage.run(requestStore, fn));
}

/** A browser talking to /api/auth/* through the real route handler: it keeps its cookies. */
export class AuthClient {
  cookies = new Map<string, string>();
  constructor(readonly ip = "203.0.113.50") {}

  get cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  get sessionCookie() {
    return this.cookies.get("next-auth.session-token");
  }

  request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const headers = new Headers({ cookie: this.cookieHeader, "x-forwarded-for": this.ip, "user-agent": "vitest" });
    if (init.form) headers.set("content-type", "application/x-www-form-urlencoded");
    return new Request(`http://localhost:3000${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
  }

  /** One call to app/api/auth/[...nextauth]/route.ts, as Next would make it; keeps Set-Cookie. */
  async call(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const { NextRequest } = await import("next/server");
    const route = (await import("@/app/api/auth/[...nextauth]/route")) as unknown as { GET: Handler; POST: Handler };
    const request = new NextRequest(this.request(path, init));
    const segments = new URL(request.url).pathname.replace(/^\/api\/auth\//, "").split("/");
    const handler = request.method === "POST" ? route.POST : route.GET;
    const response = await inRequest(request, () => handler(request, { params: Promise.resolve({ nextauth: segments }) }));
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair.split("=");
      const expired = attributes.some((a) => /^\s*max-age=0$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value.join("=") === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
    return response;
  }

  async csrfToken() {
    return ((await (await this.call("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  }

  /** The credentials sign-in the sign-in form makes (signIn("credentials", { redirect: false })). */
  async signIn(email: string, password: string, callbackUrl = "/settings/api-keys") {
    const csrfToken = await this.csrfToken();
    return this.call("/api/auth/callback/credentials", { method: "POST", form: { email, password, csrfToken, callbackUrl, json: "true" } });
  }

  async signOut() {
    const csrfToken = await this.csrfToken();
    return this.call("/api/auth/signout", { method: "POST", form: { csrfToken, callbackUrl: "/sign-in", json: "true" } });
  }

  async session() {
    return (await (await this.call("/api/auth/session")).json()) as Record<string, unknown>;
  }

  /** Runs `fn` (getViewer(), a server action) as a request from this browser. */
  run<T>(fn: () => Promise<T>, path = "/settings/profile") {
    return inRequest(this.request(path, { method: "POST" }), fn);
  }
}
