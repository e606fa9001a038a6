/**
 * After a change commits, the worker in this process is woken to send what it queued at once
 * instead of at its next poll. A no-op where no worker runs (tests, scripts): the events stay
 * stored and any instance's worker sends them.
 */
let wake: (() => void) | null = null;

export const setWebhookWake = (fn: (() => void) | null) => {
  wake = fn;
};

export const nudgeWebhooks = () => wake?.();
