import type { CredentialSecret } from "@/lib/validation/credentials";

/** Adds a credential to an outbound request, exactly as its type says. Pure: no I/O. */
export function applyCredential(secret: CredentialSecret & { fieldName: string | null }, url: URL, headers: Headers): void {
  switch (secret.type) {
    case "bearer":
      headers.set("Authorization", `Bearer ${secret.token}`);
      return;
    case "basic":
      headers.set("Authorization", `Basic ${Buffer.from(`${secret.username}:${secret.password}`, "utf8").toString("base64")}`);
      return;
    case "header":
      headers.set(secret.fieldName ?? "X-API-Key", secret.value);
      return;
    case "query":
      url.searchParams.set(secret.fieldName ?? "api_key", secret.value);
  }
}
