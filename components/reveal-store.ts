/**
 * Hands a freshly created secret (an API key, a webhook signing secret) from the form that
 * made it to the page that reveals it, in this tab's memory only. Not the URL (logs, history, Referer), not sessionStorage (survives a reload):
 * a reload, a new tab or a later visit finds nothing, which is the point.
 */
const secrets = new Map<string, string>();

export const stashSecret = (sid: string, secret: string) => secrets.set(sid, secret);
export const peekSecret = (sid: string) => secrets.get(sid) ?? null;
export const forgetSecret = (sid: string) => secrets.delete(sid);
