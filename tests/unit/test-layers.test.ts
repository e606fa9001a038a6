import path from "node:path";
import picomatch from "picomatch";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import config from "../../vitest.config";

// A test file that matches no layer never runs, and nothing says so: CI stays green while the
// protection it was written for goes unchecked. Every test file must belong to exactly one
// vitest project, or be a Playwright spec.
const root = path.resolve(import.meta.dirname, "../..");
const projects = (config.test?.projects ?? []) as Array<{ test: { name: string; include: string[] } }>;
const PLAYWRIGHT = picomatch("e2e/**/*.spec.ts");

/** The layers (vitest projects, or "e2e") that would run `file`. */
export function layersOf(file: string): string[] {
  const layers = projects.filter((project) => picomatch(project.test.include)(file)).map((project) => project.test.name);
  return PLAYWRIGHT(file) ? [...layers, "e2e"] : layers;
}

describe("every test file runs in exactly one layer", () => {
  it("each *.test.ts and *.spec.ts in the tree is picked up by one layer", async () => {
    const files = await glob(["**/*.test.ts", "**/*.test.tsx", "**/*.spec.ts"], { cwd: root, ignore: ["node_modules/**", ".next/**", "lib/generated/**"] });
    expect(files.length).toBeGreaterThan(40);
    const wrong = files.map((file) => ({ file, layers: layersOf(file) })).filter(({ layers }) => layers.length !== 1);
    expect(wrong).toEqual([]);
  });

  it("the check itself catches a file no layer runs, and one two layers run", () => {
    expect(layersOf("lib/http/client-ip.test.ts")).toEqual([]);
    expect(layersOf("tests/helpers/orphan.test.ts")).toEqual([]);
    expect(layersOf("lib/dal/key-cache.unit.test.ts")).toEqual(["unit"]);
    expect(layersOf("lib/dal/keys.test.ts")).toEqual(["integration"]);
    expect(layersOf("e2e/keys.spec.ts")).toEqual(["e2e"]);
  });
});
