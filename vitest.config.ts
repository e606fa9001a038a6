import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const resolve = {
  alias: {
    "@": root,
    // `server-only` throws outside React's server condition; tests are server code.
    "server-only": path.join(root, "tests/server-only-stub.ts"),
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: { name: "unit", include: ["lib/keys/**/*.test.ts", "lib/crypto/**/*.test.ts", "lib/outbound/**/*.test.ts", "lib/validation/**/*.test.ts", "lib/**/*.unit.test.ts", "security/**/*.test.ts", "tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve,
        test: {
          name: "integration",
          include: ["lib/dal/**/!(*.unit).test.ts", "app/**/*.test.ts", "tests/integration/**/*.test.ts"],
          environment: "node",
          // One database per run (scripts/test.mjs makes it); files run one after another on it.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        test: {
          // Whole `next start` instances of the production build (scripts/test.mjs runs this
          // after the build, on PostgreSQL and Redis).
          name: "cluster",
          include: ["tests/cluster/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
