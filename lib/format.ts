import ipaddr from "ipaddr.js";
/** Dates are shown in UTC so every viewer and every server render agrees on them. */
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});
const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export const formatDate = (date: Date) => dateFormat.format(date);
export const formatDateTime = (date: Date) => `${dateTimeFormat.format(date)} UTC`;

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 minutes ago", "in 5 days", "just now". */
export function formatRelative(date: Date, now = new Date()): string {
  const diff = date.getTime() - now.getTime();
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relativeFormat.format(Math.round(diff / ms), unit);
  }
  return "just now";
}

/**
 * A UTC day ("2025-05-04") relative to today's: "today", "yesterday", "29 days ago". Whole
 * days, not hours: a chart's bar is a day, and "last month" would hide which one.
 */
export function formatRelativeDay(day: string, today: string): string {
  const days = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  return relativeFormat.format(days, "day");
}

/** "4 May 2025" for a UTC day ("2025-05-04"). */
export const formatDay = (day: string) => formatDate(new Date(`${day}T00:00:00Z`));

/**
 * A client address as people write it: an IPv4 client seen on a dual-stack socket
 * ("::ffff:127.0.0.1", or "::ffff:7f00:1" from some proxies) is shown as "127.0.0.1", and IPv6
 * is lower-cased and shortened ("2001:db8::1"). Null (no address recorded) stays null, and
 * anything that is not an address is shown as it was stored rather than hidden.
 */
export function formatAddress(address: string | null | undefined): string | null {
  const trimmed = address?.trim().replace(/^\[(.*)\]$/, "$1");
  if (!trimmed) return null;
  if (!ipaddr.isValid(trimmed)) return trimmed;
  // process() turns an IPv4-mapped IPv6 address into its IPv4 one; toString() is RFC 5952.
  return ipaddr.process(trimmed).toString();
}
