import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { DEVICE_COOKIE, deviceIdFrom } from "@/lib/http/device";
import { PATH_HEADER, WORKSPACE_HEADER } from "@/lib/workspaces/url";

// The workspace and path headers tell lib/session.ts which workspace a request is for and
// whether it is the Security page (exempt from the two-factor policy's redirect). Only
// proxy.ts may write them: what a client sends is replaced on pages and dropped on /api.

const forged = { [WORKSPACE_HEADER]: "someone-elses", [PATH_HEADER]: "/w/someone-elses/settings/security" };
/** The request headers proxy.ts hands on to the app (Next's x-middleware-request-* headers). */
const handedOn = (response: Response, name: string) => response.headers.get(`x-middleware-request-${name}`);

describe("proxy.ts owns the internal request headers", () => {
  it("a page gets the real path and no client-chosen workspace", async () => {
    const response = await proxy(new NextRequest("http://localhost:3000/sign-in", { headers: forged }));
    expect(handedOn(response, PATH_HEADER)).toBe("/sign-in");
    expect(handedOn(response, WORKSPACE_HEADER)).toBeNull();
    // Next forwards exactly the headers in this list: the client's workspace header is not one.
    const forwarded = response.headers.get("x-middleware-override-headers")?.split(",") ?? [];
    expect(forwarded).toContain(PATH_HEADER.toLowerCase());
    expect(forwarded).not.toContain(WORKSPACE_HEADER.toLowerCase());
  });

  it("an /api route gets neither header from the client", async () => {
    const response = await proxy(new NextRequest("http://localhost:3000/api/auth/session", { headers: forged }));
    // Without this list Next would forward the client's headers as they came.
    const overridden = response.headers.get("x-middleware-override-headers")?.split(",");
    expect(overridden).toBeDefined();
    expect(overridden).not.toContain(PATH_HEADER.toLowerCase());
    expect(overridden).not.toContain(WORKSPACE_HEADER.toLowerCase());
    expect(handedOn(response, PATH_HEADER)).toBeNull();
    expect(handedOn(response, WORKSPACE_HEADER)).toBeNull();
  });
});

describe("proxy.ts gives each browser a device cookie (lib/http/device.ts)", () => {
  const deviceCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`));

  it("a browser without one gets a random, HttpOnly, SameSite=Lax one that deviceIdFrom accepts", async () => {
    const [a, b] = await Promise.all([1, 2].map(() => proxy(new NextRequest("http://localhost:3000/sign-in"))));
    const [first, second] = [deviceCookie(a), deviceCookie(b)];
    expect(first).toMatch(/HttpOnly/i);
    expect(first).toMatch(/SameSite=Lax/i);
    const value = first!.split(";")[0]!;
    expect(deviceIdFrom(value)).toBe(value.split("=")[1]);
    expect(second!.split(";")[0]).not.toBe(value);
  });

  it("one that has a cookie keeps it, and a POST never gets one", async () => {
    const kept = await proxy(new NextRequest("http://localhost:3000/sign-in", { headers: { cookie: `${DEVICE_COOKIE}=${"a".repeat(43)}` } }));
    expect(deviceCookie(kept)).toBeUndefined();
    const posted = await proxy(new NextRequest("http://localhost:3000/api/auth/callback/credentials", { method: "POST", headers: { origin: "http://localhost:3000" } }));
    expect(deviceCookie(posted)).toBeUndefined();
  });

  it("deviceIdFrom refuses a value it did not make", () => {
    expect(deviceIdFrom(`${DEVICE_COOKIE}=short`)).toBeNull();
    expect(deviceIdFrom(`${DEVICE_COOKIE}=${"a".repeat(42)};`)).toBeNull();
    expect(deviceIdFrom(`other=${"a".repeat(43)}`)).toBeNull();
    expect(deviceIdFrom(null)).toBeNull();
  });
});
