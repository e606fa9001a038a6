import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

/**
 * A real server (server.mjs, as `npm start` runs it) of this checkout's production build, on 127.0.0.1 and a free port, for
 * the tests that need whole instances (several on one database, or one through an outage).
 * Stopped by its own process id; its output is kept for the failure message.
 */
export type Instance = { url: string; pid: number; output: () => string; alive: () => boolean; stop: () => Promise<void> };

const root = path.resolve(import.meta.dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** `env` overrides this process's environment; an undefined value removes that variable. */
export async function startInstance(env: Record<string, string | undefined>): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "server.mjs"), "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: Object.fromEntries(
      Object.entries({ ...process.env, NODE_ENV: "production", NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1", ...env }).filter(([, value]) => value !== undefined),
    ) as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // If the test process ends without stopping it (a failed assertion before stop()), the
  // instance must not outlive it, writing into a pipe nobody reads.
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  child.once("exit", () => process.off("exit", orphanGuard));
  let log = "";
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  let exited = false;
  child.once("exit", () => (exited = true));
  const instance: Instance = {
    url,
    pid: child.pid!,
    output: () => log,
    alive: () => !exited,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (!exited) child.kill("SIGKILL");
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server.mjs exited early:\n${log}`);
    const answered = await fetch(`${url}/api/health`).then(() => true, () => false);
    if (answered) return instance;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await instance.stop();
  throw new Error(`server.mjs did not answer within 60 s:\n${log}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true; the milliseconds it took, or throws. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await check()) return Date.now() - start;
    await sleep(everyMs);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
