#!/usr/bin/env node
// Offline replacement for `prisma migrate dev|deploy|diff` (Prisma 7.10).
//
// Why: the Prisma 7 CLI needs the *native* schema-engine binary for every
// migrate command and downloads it from binaries.prisma.sh at first use
// (the @prisma/engines postinstall fails silently offline). This script drives
// the same engine compiled to WebAssembly (@prisma/schema-engine-wasm, published
// on npm, same engine commit as the CLI) through a Prisma driver adapter, and
// reads/writes the standard prisma/migrations/<provider>/<ts>_<name>/migration.sql
// layout and the standard `_prisma_migrations` table, so the result is
// interchangeable with the real CLI where the binary is available.
//
// Usage:
//   node scripts/db.mjs deploy                 # = prisma migrate deploy
//   node scripts/db.mjs dev --name init        # = prisma migrate dev --name init (create + apply)
//   node scripts/db.mjs dev --name x --create-only
//   node scripts/db.mjs diff                   # print SQL: migrations dir -> schema
//   node scripts/db.mjs status
//   node scripts/db.mjs reset                  # = prisma migrate reset --force (drops all data!)
// Provider is chosen from DATABASE_URL (file:... => sqlite, postgres(ql)://... => postgresql).

import fs from "node:fs";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

try { process.loadEnvFile(path.join(root, ".env")); } catch {}

export function providerFromUrl(url) {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`Unsupported DATABASE_URL: ${url}`);
}

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
const provider = providerFromUrl(url);
const schemaDir = path.join(root, "prisma", provider);
const migrationsDir = path.join(root, "prisma", "migrations", provider);

function sqliteFilePath(u) {
  // Prisma CLI resolves `file:` relative to the schema; we resolve relative to the project root.
  const p = u.replace(/^file:/, "");
  return path.isAbsolute(p) ? p : path.join(root, p);
}

async function makeAdapterFactory() {
  if (provider === "sqlite") {
    const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
    const base = new PrismaBetterSqlite3({ url: sqliteFilePath(url) }); // shadow DB = :memory:
    // wasm engine quirk: it replays migrations into the SQLite *shadow* DB with executeRaw(<whole
    // migration.sql>), which better-sqlite3 rejects ("contains more than one statement").
    // Route multi-statement SQL to executeScript (db.exec) instead.
    const fix = (a) => {
      const raw = a.executeRaw.bind(a);
      a.executeRaw = async (q) => {
        try { return await raw(q); } catch (e) {
          if (!q.args?.length && /more than one statement/.test(String(e?.message))) { await a.executeScript(q.sql); return 0; }
          throw e;
        }
      };
      return a;
    };
    const f = { provider: base.provider, adapterName: base.adapterName,
      connect: async () => fix(await base.connect()), connectToShadowDb: async () => fix(await base.connectToShadowDb()) };
    for (const sym of Object.getOwnPropertySymbols(base)) f[sym] = base[sym];
    return f;
  }
  const { PrismaPg } = await import("@prisma/adapter-pg");
  // adapter-pg quirk: its auto shadow DB does `new Pool({ ...config, database: <tmp> })`, and with
  // { connectionString } the URL's database wins -> the "shadow" is the real DB ("relation already
  // exists"). Passing discrete fields makes the temp shadow DB work (role needs CREATEDB), or set
  // SHADOW_DATABASE_URL to an existing empty database.
  const u = new URL(url);
  const pgConfig = { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password), database: decodeURIComponent(u.pathname.slice(1)) };
  const base = new PrismaPg(pgConfig, process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : undefined);
  // wasm engine quirk: the Postgres schema describer reads pg_catalog columns of type "char"
  // (OID 18), which @prisma/adapter-pg 7.10 can't map ("Column type 'char' could not be
  // deserialized"). pg already returns them as strings -> report them as text (OID 25).
  const patchIO = (q) => {
    const io = q.performIO.bind(q);
    q.performIO = async (...a) => { const r = await io(...a); for (const f of r.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25; return r; };
    if (q.startTransaction) { const st = q.startTransaction.bind(q); q.startTransaction = async (...a) => patchIO(await st(...a)); }
    return q;
  };
  // adapter-pg quirk #2: its temp shadow DB's dispose() runs DROP DATABASE *before* closing the
  // pool ("is being accessed by other users") and leaks prisma_migrate_shadow_db_* databases.
  // So create/drop the temp shadow DB here (close pool first, then drop).
  const tempShadow = async () => {
    const admin = await base.connect();
    const name = `prisma_shadow_${globalThis.crypto.randomUUID().replaceAll("-", "")}`;
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const shadow = patchIO(await new PrismaPg({ ...pgConfig, database: name }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => { await dispose(); await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`); await admin.dispose(); };
    return shadow;
  };
  const f = { provider: base.provider, adapterName: base.adapterName,
    connect: async () => patchIO(await base.connect()),
    connectToShadowDb: async () => (process.env.SHADOW_DATABASE_URL ? patchIO(await base.connectToShadowDb()) : tempShadow()) };
  for (const sym of Object.getOwnPropertySymbols(base)) f[sym] = base[sym];
  return f;
}

function loadSchemaFiles() {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".prisma")) files.push({ path: p, content: fs.readFileSync(p, "utf8") });
    }
  };
  walk(schemaDir);
  return files;
}

function loadMigrationsList() {
  fs.mkdirSync(migrationsDir, { recursive: true });
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const dirs = fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => {
      const f = path.join(migrationsDir, d, "migration.sql");
      return {
        path: d,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(f) ? { tag: "ok", value: fs.readFileSync(f, "utf8") } : { tag: "error", value: "missing migration.sql" },
        },
      };
    }),
  };
}

let gluePromise; // instantiate the wasm module once per process (the wasm-bindgen glue is a singleton)
async function loadGlue() {
  // Same loading technique Prisma's own CLI used for the wasm engine: instantiate the .wasm
  // with the wasm-bindgen glue as its import object (Node 20 can't `import x from "*.wasm"`).
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { message: "", set_message(m) { this.message = `RuntimeError: ${m}`; } };
  const pkgDir = path.join(root, "node_modules/@prisma/schema-engine-wasm"); // package has no ./package.json export
  const glue = await import(path.join(pkgDir, "schema_engine_bg.js"));
  const bytes = fs.readFileSync(path.join(pkgDir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return glue;
}

async function loadEngine(adapterFactory, datamodels) {
  const glue = await (gluePromise ??= loadGlue());
  const debug = process.env.DEBUG_SCHEMA_ENGINE ? (m) => console.error("[schema-engine]", m) : () => {};
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  lastRegistry = bound.errorRegistry; // "External error id#N" in engine messages refers to this registry
  return glue.SchemaEngine.new({ datamodels }, debug, bound);
}

let lastRegistry;
// Tables a migration makes that the schema cannot describe: SQLite's FTS5 search index over
// ApiKey (migration 20261202010000_key_search) and the shadow tables FTS5 keeps for it.
const ftsTables = ["ApiKeySearch", "ApiKeySearchRow", ...["data", "idx", "content", "docsize", "config"].map((s) => `ApiKeySearch_${s}`)];
const filters = { externalTables: provider === "sqlite" ? ftsTables : [], externalEnums: [] };

async function main() {
  const [cmd = "deploy", ...rest] = process.argv.slice(2);
  const arg = (name) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
  const schemaFiles = loadSchemaFiles();
  if (cmd === "reset" && provider === "sqlite") {
    // delete the file *before* the engine connects (see the re-exec note below)
    for (const sfx of ["", "-wal", "-shm", "-journal"]) fs.rmSync(sqliteFilePath(url) + sfx, { force: true });
  }
  const factory = await makeAdapterFactory();
  let engine = await loadEngine(factory, schemaFiles.map((f) => [f.path, f.content]));
  const t0 = Date.now();
  try {
    if (cmd === "deploy") {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: loadMigrationsList(), filters });
      console.log(`[db] ${provider}: applied ${appliedMigrationNames.length} migration(s)${appliedMigrationNames.length ? ": " + appliedMigrationNames.join(", ") : ""} (${Date.now() - t0} ms)`);
    } else if (cmd === "reset") {
      // = prisma migrate reset --force --skip-seed: empty the database, re-apply all migrations
      if (provider !== "sqlite") await engine.reset({ filter: filters });
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: loadMigrationsList(), filters });
      console.log(`[db] ${provider}: reset, applied ${appliedMigrationNames.length} migration(s) (${Date.now() - t0} ms)`);
    } else if (cmd === "dev") {
      const name = arg("--name") ?? "migration";
      let migrationsList = loadMigrationsList();
      let diag;
      try {
        diag = await engine.devDiagnostic({ migrationsList, filters });
      } catch (e) {
        // wasm engine quirk: on a fresh database devDiagnostic fails with
        // "The underlying table for model `_prisma_migrations` does not exist."
        // applyMigrations creates that table (and applies what exists), then retry.
        if (!/_prisma_migrations/.test(String(e?.message))) throw e;
        await engine.applyMigrations({ migrationsList, filters });
        diag = await engine.devDiagnostic({ migrationsList, filters });
      }
      if (diag.action.tag === "reset") {
        if (!rest.includes("--force-reset")) throw new Error(`Database needs a reset: ${diag.action.reason}\nRe-run with --force-reset to drop all data.`);
        if (provider === "sqlite") {
          // wasm engine's reset() does not empty a SQLite DB (native engine deletes the file) -> do that.
          // A 2nd SchemaEngine in the same process loses the external shadow-DB factory
          // ("SQLite shadow DB must be provided through an external factory"), so re-exec.
          engine.free();
          for (const sfx of ["", "-wal", "-shm", "-journal"]) fs.rmSync(sqliteFilePath(url) + sfx, { force: true });
          console.log(`[db] ${provider}: database file deleted (reset)`);
          const { spawnSync } = await import("node:child_process");
          const args = process.argv.slice(1).filter((a) => a !== "--force-reset");
          process.exit(spawnSync(process.execPath, args, { stdio: "inherit" }).status ?? 1);
        } else {
          await engine.reset({ filter: filters });
          await engine.applyMigrations({ migrationsList, filters });
        }
        console.log(`[db] ${provider}: database reset`);
      }
      const out = await engine.createMigration({ draft: rest.includes("--create-only"), migrationName: name, migrationsList, schema: { files: schemaFiles }, filters });
      if (out.migrationScript == null) {
        console.log(`[db] ${provider}: schema unchanged, no migration created`);
      } else {
        const dir = path.join(migrationsDir, out.generatedMigrationName);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `migration.${out.extension}`), out.migrationScript);
        const lock = path.join(migrationsDir, "migration_lock.toml");
        if (!fs.existsSync(lock)) fs.writeFileSync(lock, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${out.connectorType}"\n`);
        console.log(`[db] ${provider}: created ${path.relative(root, dir)}`);
      }
      if (!rest.includes("--create-only")) {
        migrationsList = loadMigrationsList();
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters });
        console.log(`[db] ${provider}: applied ${appliedMigrationNames.length} migration(s) ${appliedMigrationNames.join(", ")}`);
      }
    } else if (cmd === "diff") {
      const res = await engine.diff({ from: { tag: "migrations", ...loadMigrationsList() }, to: { tag: "schemaDatamodel", files: schemaFiles }, script: true, exitCode: true, filters });
      process.stdout.write(res.stdout ?? "");
      process.exitCode = res.exitCode;
    } else if (cmd === "status") {
      const res = await engine.diagnoseMigrationHistory({ migrationsList: loadMigrationsList(), optInToShadowDatabase: false, filters });
      console.log(JSON.stringify(res, null, 2));
    } else {
      throw new Error(`unknown command ${cmd}`);
    }
  } finally {
    try { engine.free(); } catch {}
  }
}

main().then(() => process.exit(process.exitCode ?? 0) /* pg pool would keep the process alive ~10s */, (e) => {
  console.error("[db] failed:", e?.message ?? e);
  const ext = /External error id#(\d+)/.exec(String(e?.message));
  if (ext && lastRegistry) console.error("[db] underlying driver error:", lastRegistry.consumeError(Number(ext[1]))?.error);
  process.exit(1);
});
