import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const root = path.resolve(import.meta.dirname, "../..");

/** Every route handler under app/api/v1, as "METHOD /api/v1/path/{param}". */
function routesOnDisk(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const url = "/" + path.relative(path.join(root, "app"), dir).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}");
        const source = fs.readFileSync(full, "utf8");
        for (const [, method] of source.matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)) found.push(`${method} ${url}`);
      }
    }
  };
  walk(path.join(root, "app/api/v1"));
  return found.sort();
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const result = await new Validator().validate(openApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(openApiDocument().openapi).toBe("3.1.0");
  });

  it("lists every route under /api/v1, and nothing that does not exist", () => {
    const documented = Object.entries(openApiDocument().paths)
      .flatMap(([url, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${url}`))
      .sort();
    const onDisk = routesOnDisk().filter((route) => route !== "GET /api/v1/openapi.json");
    expect(onDisk.length).toBeGreaterThanOrEqual(9);
    expect(documented).toEqual(onDisk);
  });

  it("describes request bodies with the handlers' own validation limits", () => {
    const create = openApiDocument().paths["/api/v1/keys"].post as { requestBody: { content: { "application/json": { schema: { properties: Record<string, { maxLength?: number; enum?: string[] }> } } } } };
    const props = create.requestBody.content["application/json"].schema.properties;
    expect(props.name.maxLength).toBe(64);
    expect(props.description.maxLength).toBe(200);
    expect(props.permission.enum).toEqual(["read", "write", "read_write"]);
  });
});
