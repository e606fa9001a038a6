/** @type {import('next').NextConfig} */
const nextConfig = {
  // Do not advertise the framework.
  poweredByHeader: false,
  // Native addons are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg"],
};

export default nextConfig;
