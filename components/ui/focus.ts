"use client";

/**
 * After an action that removes what had focus (Done, Revoke, Delete), focus goes to the page's
 * heading, so keyboard and screen reader users continue from the top of what changed.
 * PageHeader's h1 is focusable by script (tabIndex -1) for this.
 */
export function focusPageHeading() {
  // A modal dialog still open makes the rest of the page inert, and closing it later would put
  // focus back on its trigger: close it first.
  for (const dialog of document.querySelectorAll("dialog[open]")) (dialog as HTMLDialogElement).close();
  requestAnimationFrame(() => document.querySelector<HTMLElement>("main h1")?.focus());
}
