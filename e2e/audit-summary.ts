import fs from "node:fs";
import path from "node:path";
import { outDir, rowsFile, type Row } from "./audit";

const THEME_ORDER = ["light", "dark", "system-dark", "system-light"];
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const table = (head: string[], body: string[][]) =>
  [head, head.map(() => "---"), ...body].map((line) => `| ${line.map(cell).join(" | ")} |`).join("\n");

/**
 * test-results/pages/summary.json (every visit, with its violations) and summary.md (tables
 * to paste into the closing note). Called after every worker's last test: a failed test
 * restarts the worker, and the last one to finish writes the whole run from rows.jsonl.
 */
export function writeSummary() {
  if (!fs.existsSync(rowsFile())) return;
  const byKey = new Map<string, Row>();
  for (const line of fs.readFileSync(rowsFile(), "utf8").split("\n").filter(Boolean)) {
    const row = JSON.parse(line) as Row;
    byKey.set(`${row.state} ${row.width} ${row.theme}`, row);
  }
  // Themes run at once and append in any order: one state's visits together, themes in order, widest first.
  const states = [...new Set([...byKey.values()].map((r) => r.state))];
  const rows = [...byKey.values()].sort(
    (a, b) => states.indexOf(a.state) - states.indexOf(b.state) || THEME_ORDER.indexOf(a.theme) - THEME_ORDER.indexOf(b.theme) || b.width - a.width,
  );
  fs.writeFileSync(path.join(outDir(), "summary.json"), JSON.stringify(rows, null, 2) + "\n");
  const failed = rows.filter((r) => r.overflowPx > 0 || (r.axe ?? 0) > 0 || !r.themeApplied).length;
  const title = `# Page audit: ${rows.length} visits, ${failed} with a problem\n\n↔ = the document scrolls sideways by that many px; axe = serious or critical axe-core violations (WCAG 2.1 A/AA); theme ✗ = the theme did not apply (data-theme or the background).`;
  fs.writeFileSync(path.join(outDir(), "summary.md"), [title, "## By page", byPage(rows), "## Violations", violations(rows), "## Every visit", everyVisit(rows)].join("\n\n") + "\n");
}

const column = (r: Row) => `${r.width} ${r.theme}`;

function byPage(rows: Row[]) {
  const columns = [...new Set(rows.map(column))].sort((a, b) => {
    const [wa, ta] = a.split(" ");
    const [wb, tb] = b.split(" ");
    return THEME_ORDER.indexOf(ta) - THEME_ORDER.indexOf(tb) || Number(wb) - Number(wa);
  });
  const states = [...new Set(rows.map((r) => r.state))];
  const verdict = (r: Row | undefined) => {
    if (!r) return "";
    const problems = [r.overflowPx > 0 && `↔ ${r.overflowPx} px`, (r.axe ?? 0) > 0 && `axe ${r.axe}`, !r.themeApplied && "theme ✗"].filter(Boolean);
    return problems.join(", ") || "ok";
  };
  return table(["page", ...columns], states.map((state) => [state, ...columns.map((c) => verdict(rows.find((r) => r.state === state && column(r) === c)))]));
}

function violations(rows: Row[]) {
  const groups = new Map<string, { state: string; rule: string; where: string[]; targets: Set<string> }>();
  for (const row of rows) {
    for (const v of row.violations) {
      const key = `${row.state}\n${v.id}`;
      const group = groups.get(key) ?? { state: row.state, rule: `${v.id} (${v.impact})`, where: [], targets: new Set<string>() };
      group.where.push(column(row));
      v.targets.forEach((t) => group.targets.add(t));
      groups.set(key, group);
    }
  }
  if (groups.size === 0) return "None.";
  return table(
    ["page", "rule", "at", "elements"],
    [...groups.values()].map((g) => {
      const targets = [...g.targets];
      return [g.state, g.rule, g.where.join(", "), targets.slice(0, 4).join(", ") + (targets.length > 4 ? ` (+${targets.length - 4})` : "")];
    }),
  );
}

function everyVisit(rows: Row[]) {
  return table(
    ["page", "width", "theme", "overflow px", "axe serious/critical", "theme applied"],
    rows.map((r) => [r.state, String(r.width), r.theme, String(r.overflowPx), r.axe === null ? "not run" : String(r.axe), r.themeApplied ? "yes" : "no"]),
  );
}
