/**
 * "Chrome on macOS" from a User-Agent header, for the session list. Deliberately small: the
 * list needs a recognisable name, not a full parser, and the header is the client's to write
 * (it is shown as text, never as markup). Order matters: Edge and Opera also say "Chrome", and
 * Chrome also says "Safari".
 */
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Version\/[\d.]+.*Safari\//, "Safari"],
  [/curl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Windows/, "Windows"],
  [/Linux/, "Linux"],
];

export function describeUserAgent(userAgent: string | null): { browser: string; system: string | null; mobile: boolean } {
  if (!userAgent) return { browser: "Unknown browser", system: null, mobile: false };
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? "Unknown browser";
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  return { browser, system, mobile: /Mobi|iPhone|Android/.test(userAgent) };
}

/** How a session signed in, in words. */
export const METHOD_LABELS: Record<string, string> = {
  password: "Password",
  "password+totp": "Password and authenticator app",
  "password+backup_code": "Password and backup code",
  passkey: "Passkey",
};
