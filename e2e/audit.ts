import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import axe from "axe-core";

/**
 * One visit of the page audit (e2e/pages.spec.ts): the document must not scroll sideways,
 * axe-core must find nothing serious or critical, and the chosen theme must really apply.
 * Every check is soft, so one visit's failure does not hide the others; the messages name the
 * page, the width and the theme, and carry what is needed to fix it without a rerun.
 */

export type Theme = { name: string; cookie: "system" | "light" | "dark"; scheme: "light" | "dark"; dark: boolean };

// An explicit choice is tested against the opposite system setting: the cookie must win.
export const LIGHT: Theme = { name: "light", cookie: "light", scheme: "dark", dark: false };
export const DARK: Theme = { name: "dark", cookie: "dark", scheme: "light", dark: true };
export const SYSTEM_DARK: Theme = { name: "system-dark", cookie: "system", scheme: "dark", dark: true };
export const SYSTEM_LIGHT: Theme = { name: "system-light", cookie: "system", scheme: "light", dark: false };

const HEIGHTS: Record<number, number> = { 1440: 900, 390: 844, 320: 640 };
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// AxeBuilder injects axe-core's 500 kB source before every run, which is most of a run's time.
// A visit checks one document at two widths: the second injection finds axe loaded and stops.
const AXE_SOURCE = `if (typeof window.axe === "undefined") {\n${axe.source}\n}`;

type Violation = { id: string; impact: string; help: string; targets: string[]; summary: string };
export type Row = { state: string; width: number; theme: string; overflowPx: number; axe: number | null; violations: Violation[]; themeApplied: boolean };

export const outDir = () => path.join(test.info().project.outputDir, "pages");
// One line per visit, appended: a failed test restarts the worker, and the summary must still
// see the visits of the workers before it (the output directory is emptied at the start of a run).
export const rowsFile = () => path.join(outDir(), "rows.jsonl");

type Sweep = {
  state: string;
  /** Brings the page to the state, asserting it got there. */
  open: (page: Page, theme: Theme) => Promise<void>;
  /** Undoes what open did that the next theme must not find; only with serial. */
  leave?: (page: Page) => Promise<void>;
  themes?: Theme[];
  /** Also 320 px, overflow only (signed-in pages). */
  narrow?: boolean;
  /** One theme after the other, in one page: each needs what the last one gave back (a key under the limit). */
  serial?: boolean;
};

/**
 * Visits one state in every theme at 1440 and 390 px (and 320 px when narrow). The themes run
 * at once, each in its own browser context (the theme cookie is per context), signed in as the
 * test's page is: the machine has 2 cores, and one page mostly waits for the server.
 */
export async function sweep(page: Page, { themes = [LIGHT, DARK], serial = false, ...state }: Sweep) {
  if (serial) {
    for (const theme of themes) await sweepTheme(page, theme, state, theme === themes[0]);
    return;
  }
  const session = await page.context().storageState();
  const others = await Promise.all(themes.slice(1).map(() => page.context().browser()!.newContext({ storageState: session })));
  try {
    const pages = [page, ...(await Promise.all(others.map((context) => context.newPage())))];
    await Promise.all(themes.map((theme, i) => sweepTheme(pages[i], theme, state, i === 0)));
  } finally {
    await Promise.all(others.map((context) => context.close()));
  }
}

async function sweepTheme(page: Page, theme: Theme, { state, open, leave, narrow }: Omit<Sweep, "themes" | "serial">, first: boolean) {
  await page.context().addCookies([{ name: "latchkey-theme", value: theme.cookie, url: test.info().project.use.baseURL! }]);
  await page.emulateMedia({ colorScheme: theme.scheme });
  await page.setViewportSize({ width: 1440, height: HEIGHTS[1440] });
  await open(page, theme);
  const themeApplied = await checkTheme(page, `${state} (${theme.name} theme)`, theme);
  const widths = narrow && first ? [1440, 390, 320] : [1440, 390];
  // Resized in place, not reloaded: a reveal lives only in this page's memory.
  for (const width of widths) await visit(page, { state, theme: theme.name, width, axe: width !== 320, themeApplied });
  await leave?.(page);
}

async function visit(page: Page, row: { state: string; theme: string; width: number; axe: boolean; themeApplied: boolean }) {
  const where = `${row.state} at ${row.width} px, ${row.theme} theme`;
  await page.setViewportSize({ width: row.width, height: HEIGHTS[row.width] });
  await settle(page);
  const overflow = await measureOverflow(page);
  expect
    .soft(overflow.px, `${where}: the document scrolls sideways by ${overflow.px} px (scrollWidth ${overflow.scrollWidth} > clientWidth ${overflow.clientWidth}). Sticking out: ${overflow.offenders.join("; ") || "no single element found"}`)
    .toBeLessThanOrEqual(0);
  const violations = row.axe ? await seriousViolations(page) : [];
  if (row.axe) expect.soft(violations.map(describe), `${where}: axe-core found serious or critical violations`).toEqual([]);
  // At 320 px only overflow is checked, and the picture is only needed when it fails.
  if (row.axe || overflow.px > 0) await page.screenshot({ path: path.join(outDir(), `${row.state}-${row.width}-${row.theme}.png`), fullPage: true });
  const record: Row = { state: row.state, width: row.width, theme: row.theme, overflowPx: overflow.px, axe: row.axe ? violations.length : null, violations, themeApplied: row.themeApplied };
  fs.mkdirSync(outDir(), { recursive: true });
  fs.appendFileSync(rowsFile(), JSON.stringify(record) + "\n");
}

/** Two frames for layout after a resize, then every finite animation (toasts, dialogs) finished. */
async function settle(page: Page) {
  await page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const finite = document.getAnimations().filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
    await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => null))), new Promise((done) => setTimeout(done, 2000))]);
  });
}

/** How far the document scrolls sideways, and the outermost elements that stick out of a box that fits. */
function measureOverflow(page: Page) {
  return page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > clientWidth + 0.5;
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.position === "fixed" || (style.overflowX !== "visible" && !sticksOut(a))) return true;
      }
      return false;
    };
    const name = (el: Element) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + [...el.classList].slice(0, 4).map((c) => `.${c}`).join("");
    const path = (el: Element) => [el.parentElement?.parentElement, el.parentElement, el].filter((e): e is Element => !!e).map(name).join(" > ");
    const seen = new Set<Element | null>();
    const offenders: string[] = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (!sticksOut(el) || (el.parentElement && sticksOut(el.parentElement)) || seen.has(el.parentElement) || clipped(el)) continue;
      seen.add(el.parentElement);
      offenders.push(`${path(el)} reaches ${Math.round(el.getBoundingClientRect().right)} px`);
    }
    return { px: scrollWidth - clientWidth, scrollWidth, clientWidth, offenders: offenders.slice(0, 4) };
  });
}

async function seriousViolations(page: Page): Promise<Violation[]> {
  // Legacy mode runs in the page itself; the default opens a blank page per run to merge frames
  // (there are no frames here). Only violations are collected in full.
  const builder = new AxeBuilder({ page, axeSource: AXE_SOURCE }).withTags(AXE_TAGS).options({ resultTypes: ["violations"] }).setLegacyMode(true);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact!,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(" ")),
      // The first check message of each element, e.g. "insufficient color contrast of 2.6 (foreground …)".
      summary: v.nodes
        .slice(0, 6)
        .map((n) => `${n.target.map(String).join(" ")}: ${[...n.any, ...n.all, ...n.none][0]?.message ?? n.failureSummary ?? ""}`.slice(0, 260))
        .join("\n    "),
    }));
}

const describe = (v: Violation) => `${v.id} (${v.impact}): ${v.help}; ${v.targets.length} element(s)\n    ${v.summary}${v.targets.length > 6 ? `\n    …and ${v.targets.length - 6} more` : ""}`;

/** The server's data-theme and the body's real background: dark means dark, not just an attribute. */
async function checkTheme(page: Page, where: string, theme: Theme) {
  const seen = await page.evaluate(() => {
    const html = document.documentElement;
    const ctx = Object.assign(document.createElement("canvas"), { width: 1, height: 1 }).getContext("2d", { willReadFrequently: true })!;
    // Painted on a canvas to read any CSS colour (oklch included) as sRGB.
    const paint = (color: string) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data];
    };
    const colors = [document.body, html].map((el) => getComputedStyle(el).backgroundColor);
    const rgba = colors.map(paint).find((c) => c[3] > 0) ?? (getComputedStyle(html).colorScheme.includes("dark") ? [0, 0, 0, 255] : [255, 255, 255, 255]);
    const [r, g, b] = rgba.slice(0, 3).map((v) => v / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return { attribute: html.getAttribute("data-theme"), color: colors.join(" on "), luminance: 0.2126 * r + 0.7152 * g + 0.0722 * b };
  });
  const looks = seen.luminance < 0.1 ? "dark" : seen.luminance > 0.6 ? "light" : "neither light nor dark";
  const want = theme.dark ? "dark" : "light";
  expect.soft(seen.attribute, `${where}: <html data-theme> should be the cookie's "${theme.cookie}"`).toBe(theme.cookie);
  expect.soft(looks, `${where}: with the system set to ${theme.scheme}, the background (${seen.color}, luminance ${seen.luminance.toFixed(3)}) should be ${want}`).toBe(want);
  return seen.attribute === theme.cookie && looks === want;
}
