"use client";

import { useEffect, type RefObject } from "react";

/**
 * After a failed submit, focus goes to the first invalid field, or to the form's error summary
 * when no single field is to blame, so a keyboard or screen reader user lands on what to fix.
 * `failure` is a value that changes with every failed answer (the result object itself).
 */
export function useFocusFirstError(form: RefObject<HTMLElement | null>, failure: unknown) {
  useEffect(() => {
    if (!failure) return;
    // After React has painted the errors.
    const frame = requestAnimationFrame(() => {
      const root = form.current;
      if (!root) return;
      const target = root.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root.querySelector<HTMLElement>("[data-form-error]");
      target?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [form, failure]);
}
