/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export type MailContent = { subject: string; text: string; html: string };

/**
 * One message in both parts from paragraphs and at most one button link. Everything given is
 * plain text: it is escaped here, so a workspace or key name cannot inject markup.
 */
export function compose(subject: string, paragraphs: string[], action?: { label: string; url: string }, footer?: string): MailContent {
  const text = [
    ...paragraphs,
    ...(action ? [`${action.label}: ${action.url}`] : []),
    ...(footer ? [footer] : []),
    "— Latchkey",
  ].join("\n\n");
  const p = (t: string) => `<p style="margin:0 0 16px">${escapeHtml(t)}</p>`;
  const button = action
    ? `<p style="margin:0 0 16px"><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#4f46e5;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#475569">Or paste this link into your browser: ${escapeHtml(action.url)}</p>`
    : "";
  const html =
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5">` +
    `<div style="max-width:560px;margin:0 auto;padding:24px"><p style="font-weight:600;margin:0 0 24px">Latchkey</p>` +
    paragraphs.map(p).join("") +
    button +
    (footer ? `<p style="margin:24px 0 0;font-size:13px;color:#475569">${escapeHtml(footer)}</p>` : "") +
    `</div></body></html>`;
  return { subject: `${subject} · Latchkey`, text, html };
}
