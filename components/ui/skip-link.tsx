"use client";

/**
 * The first stop for the keyboard: past the header and menu to the page itself (#main). It
 * moves focus by script rather than following "#main": a hash link adds a history entry that
 * Next's router cannot restore, so Back after it would leave the wrong page on screen.
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      onClick={(event) => {
        event.preventDefault();
        document.getElementById("main")?.focus();
      }}
      className="sr-only rounded-md bg-white px-4 py-2 text-sm font-medium text-indigo-700 shadow-lg ring-2 ring-indigo-600 focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50"
    >
      Skip to content
    </a>
  );
}
