import type { CredentialType } from "@/lib/validation/credentials";

/**
 * The catalogue behind "Connect a service": for each common service, the auth scheme its API
 * documents, the hosts its API lives on (the credential's default allowed hosts: a secret for
 * Stripe has no business being sent anywhere but Stripe), where in that product a key is made,
 * and a harmless read that proves a key works ("Test connection").
 *
 * Pure data and lookups, no I/O: the form, the list, the DAL and the test request all read it.
 * Checked against each provider's API reference (December 2026); `docs` links to the page.
 */

/** How the secret travels, as the service documents it, with the field labels the form uses. */
export type ServiceAuth =
  | { type: "bearer"; tokenLabel: string }
  | { type: "basic"; usernameLabel: string; passwordLabel: string }
  | { type: "header"; fieldName: string; valueLabel: string }
  | { type: "query"; fieldName: string; valueLabel: string };

/**
 * One request that reads something harmless and changes nothing. `path` may hold `{username}`,
 * the Basic username (Twilio's Account SID), URL-encoded when the request is built.
 * `okField`: the service answers 200 to a bad token and says so in a JSON `ok` field (Slack).
 */
export type ServiceTest = {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  okField?: true;
  /** What it does, in one line, for the button's description. */
  description: string;
};

export type Service = {
  id: string;
  name: string;
  /** One or two letters for the monogram (no logos). */
  initials: string;
  /** One line: what people connect it for. */
  summary: string;
  auth: ServiceAuth;
  /** Where its API answers: `https://` + one of `hosts`. The test request goes here. */
  apiBase: string | null;
  /** Exact hosts or `*.example.com`: the credential's default allowed hosts. */
  hosts: string[];
  getKey: { url: string; steps: string } | null;
  docs: string | null;
  test: ServiceTest | null;
};

export const CUSTOM_API_ID = "custom";

export const SERVICES = [
  {
    id: "stripe",
    name: "Stripe",
    initials: "St",
    summary: "Payments, customers and subscriptions.",
    auth: { type: "bearer", tokenLabel: "Secret or restricted key" },
    apiBase: "https://api.stripe.com",
    hosts: ["api.stripe.com", "files.stripe.com"],
    getKey: { url: "https://dashboard.stripe.com/apikeys", steps: "Developers > API keys: create a restricted key (or reveal the secret key) and copy it." },
    docs: "https://docs.stripe.com/api/authentication",
    test: { method: "GET", path: "/v1/balance", description: "Reads your account balance (GET /v1/balance)." },
  },
  {
    id: "openai",
    name: "OpenAI",
    initials: "OA",
    summary: "GPT models, embeddings and images.",
    auth: { type: "bearer", tokenLabel: "API key" },
    apiBase: "https://api.openai.com",
    hosts: ["api.openai.com"],
    getKey: { url: "https://platform.openai.com/api-keys", steps: "API keys: Create new secret key, then copy it (it is shown once)." },
    docs: "https://platform.openai.com/docs/api-reference/authentication",
    test: { method: "GET", path: "/v1/models", description: "Lists the models your key can use (GET /v1/models)." },
  },
  {
    id: "anthropic",
    name: "Anthropic",
    initials: "An",
    summary: "Claude models through the Messages API.",
    auth: { type: "header", fieldName: "x-api-key", valueLabel: "API key" },
    apiBase: "https://api.anthropic.com",
    hosts: ["api.anthropic.com"],
    getKey: { url: "https://platform.claude.com/settings/keys", steps: "Claude Console > Settings > API keys: Create key, then copy it (it is shown once)." },
    docs: "https://platform.claude.com/docs/en/api/overview",
    test: { method: "GET", path: "/v1/models", headers: { "anthropic-version": "2023-06-01" }, description: "Lists the models your key can use (GET /v1/models)." },
  },
  {
    id: "sendgrid",
    name: "SendGrid",
    initials: "SG",
    summary: "Transactional and marketing email.",
    auth: { type: "bearer", tokenLabel: "API key" },
    apiBase: "https://api.sendgrid.com",
    hosts: ["api.sendgrid.com"],
    getKey: { url: "https://app.sendgrid.com/settings/api_keys", steps: "Settings > API Keys: Create API Key, then copy it (it is shown once)." },
    docs: "https://www.twilio.com/docs/sendgrid/for-developers/sending-email/authentication",
    test: { method: "GET", path: "/v3/scopes", description: "Lists the permissions of your key (GET /v3/scopes)." },
  },
  {
    id: "slack",
    name: "Slack",
    initials: "Sl",
    summary: "Messages to channels as your Slack app.",
    auth: { type: "bearer", tokenLabel: "Bot token (xoxb-…)" },
    apiBase: "https://slack.com",
    hosts: ["slack.com"],
    getKey: { url: "https://api.slack.com/apps", steps: "Your apps > your app > OAuth & Permissions: copy the Bot User OAuth Token." },
    docs: "https://docs.slack.dev/authentication/tokens",
    test: { method: "POST", path: "/api/auth.test", okField: true, description: "Asks Slack who the token belongs to (POST auth.test)." },
  },
  {
    id: "github",
    name: "GitHub",
    initials: "GH",
    summary: "Repositories, issues and pull requests.",
    auth: { type: "bearer", tokenLabel: "Personal access token" },
    apiBase: "https://api.github.com",
    hosts: ["api.github.com", "uploads.github.com"],
    getKey: { url: "https://github.com/settings/personal-access-tokens", steps: "Settings > Developer settings > Personal access tokens: generate a fine-grained token." },
    docs: "https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api",
    test: { method: "GET", path: "/user", headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" }, description: "Reads the account the token belongs to (GET /user)." },
  },
  {
    id: "twilio",
    name: "Twilio",
    initials: "Tw",
    summary: "SMS, voice and WhatsApp messages.",
    auth: { type: "basic", usernameLabel: "Account SID", passwordLabel: "Auth token" },
    apiBase: "https://api.twilio.com",
    hosts: ["api.twilio.com", "*.twilio.com"],
    getKey: { url: "https://console.twilio.com", steps: "Console home > Account Info: copy the Account SID and the Auth Token (an API key's SID and secret work for sending, but cannot run Test connection: Twilio keeps /Accounts from standard keys)." },
    docs: "https://www.twilio.com/docs/usage/requests-to-twilio",
    test: { method: "GET", path: "/2010-04-01/Accounts/{username}.json", description: "Reads your account (GET /2010-04-01/Accounts/{AccountSid}.json)." },
  },
  {
    id: CUSTOM_API_ID,
    name: "Custom API",
    initials: "+",
    summary: "Any other API: Bearer, Basic, a header or a query parameter.",
    auth: { type: "bearer", tokenLabel: "Token" },
    apiBase: null,
    hosts: [],
    getKey: null,
    docs: null,
    test: null,
  },
] as const satisfies readonly Service[];

export type ServiceId = (typeof SERVICES)[number]["id"];
/** The ids a stored credential may name (Custom API is stored as null: no service). */
export type StoredServiceId = Exclude<ServiceId, typeof CUSTOM_API_ID>;

export const SERVICE_IDS = SERVICES.map((s) => s.id) as [ServiceId, ...ServiceId[]];
export const STORED_SERVICE_IDS = SERVICE_IDS.filter((id) => id !== CUSTOM_API_ID) as [StoredServiceId, ...StoredServiceId[]];

const byId = new Map<string, Service>(SERVICES.map((s) => [s.id, s]));

export const isServiceId = (id: unknown): id is ServiceId => typeof id === "string" && byId.has(id);

/** The service, or undefined for an id the catalogue does not know (a removed one, a typo). */
export const serviceById = (id: string | null | undefined): Service | undefined => (id ? byId.get(id) : undefined);

/** The hosts a new credential for this service may be sent to; none for Custom API or an unknown id. */
export const defaultHostsFor = (serviceId: string | null | undefined): string[] => [...(serviceById(serviceId)?.hosts ?? [])];

/** The credential type the service's auth scheme stores as. */
export const credentialTypeOf = (service: Service): CredentialType => service.auth.type;

/** Case-folded substring match on name, id and summary: what the catalogue's search box does. */
export function findServices(query: string): Service[] {
  const q = query.normalize("NFC").trim().toLocaleLowerCase("en");
  if (!q) return [...SERVICES];
  return SERVICES.filter((s) => [s.name, s.id, s.summary].some((text) => text.toLocaleLowerCase("en").includes(q)));
}

/** Whether `host` is one of `patterns` (exact, or `*.example.com` for any subdomain of it). */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase();
  return patterns.some((p) => (p.startsWith("*.") ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p));
}

/**
 * Whether a credential's type (and header or parameter name) is the one the service documents:
 * a "Stripe" credential that is really a query parameter would fail every call and its test.
 * Header names compare case-insensitively, as HTTP does.
 */
export function serviceMatchesAuth(serviceId: string, type: CredentialType, fieldName: string | null | undefined): boolean {
  const service = serviceById(serviceId);
  if (!service || service.id === CUSTOM_API_ID || service.auth.type !== type) return false;
  if (service.auth.type === "header") return fieldName?.toLowerCase() === service.auth.fieldName.toLowerCase();
  if (service.auth.type === "query") return fieldName === service.auth.fieldName;
  return true;
}
