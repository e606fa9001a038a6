import Module from "node:module";

// typescript-eslint (inside eslint-config-next) refuses TypeScript 7, the native port this
// project type-checks with. Until it supports it, typescript-eslint and its helpers get, for their requires of
// "typescript" get TypeScript 6 (the `typescript6` alias); `tsc` and `next build` keep using 7.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === "typescript" && /[\\/](@?typescript-eslint|ts-api-utils|eslint-import-resolver-typescript)[\\/]/.test(parent?.filename ?? "")) request = "typescript6";
  return resolve.call(this, request, parent, ...rest);
};

const { default: nextVitals } = await import("eslint-config-next/core-web-vitals");
const { default: nextTs } = await import("eslint-config-next/typescript");

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
