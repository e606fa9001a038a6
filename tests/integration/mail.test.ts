import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { queueMail, sendMail, verifyEmailMessage } from "@/lib/mail";
import { startMailSink } from "../../e2e/mail-sink";

const LINK = "http://127.0.0.1:3000/verify-email/lkv_integrationSecretLink0123456789";
const mail = (to: string) => ({ to, ...verifyEmailMessage({ name: "Ada <Lovelace>", link: LINK }) });

describe("sendMail", () => {
  let sink: Awaited<ReturnType<typeof startMailSink>>;
  let refusing: Awaited<ReturnType<typeof startMailSink>>;
  beforeAll(async () => {
    [sink, refusing] = await Promise.all([startMailSink(), startMailSink({ refuse: true })]);
  });
  afterAll(() => Promise.all([sink.close(), refusing.close()]));
  afterEach(() => vi.restoreAllMocks());

  it("delivers text and HTML through a real SMTP server", async () => {
    expect(await sendMail(mail("ada@example.test"), { smtpUrl: sink.url })).toBe("sent");
    const received = await sink.waitFor("ada@example.test");
    expect(received.subject).toBe("Verify your email address · Latchkey");
    expect(received.from).toContain("Latchkey");
    expect(received.text).toContain(LINK);
    expect(received.html).toContain(`href="${LINK}"`);
    expect(received.html).toContain("Ada &lt;Lovelace&gt;");
  });

  it("without SMTP_URL writes the message, link included, to the server log", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "info").mockImplementation((line: string) => void lines.push(line));
    expect(await sendMail(mail("bob@example.test"), { smtpUrl: null })).toBe("logged");
    expect(lines.join("\n")).toMatch(/^\[mail\] \(no SMTP_URL\) to: bob@example\.test/);
    expect(lines.join("\n")).toContain(LINK);
  });

  it("a refusing server: the caller goes on at once, the failure is logged without the link", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(" ")));
    // The caller gets a pending promise back, not a wait: nothing has settled after a tick (no
    // timing threshold, which a loaded machine breaks).
    let settled = false;
    const outcome = sendMail(mail("carol@example.test"), { smtpUrl: refusing.url, retryDelaysMs: [20, 40] });
    void outcome.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(await outcome).toBe("failed");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("carol@example.test");
    expect(errors[0]).toContain("after 3 attempts");
    expect(errors[0]).not.toContain("lkv_");
    expect(errors[0]).not.toContain("verify-email");
    expect(refusing.messages).toHaveLength(0);
  });

  it("an unreachable server never throws into the caller", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => queueMail(mail("dave@example.test"))).not.toThrow();
    await expect(sendMail(mail("dave@example.test"), { smtpUrl: "smtp://127.0.0.1:1", retryDelaysMs: [10] })).resolves.toBe("failed");
  });
});
