"use client";

import { useEffect, useRef, useState, type RefObject } from "react";
import { formErrorOf, type ActionResult, type FieldErrors } from "@/lib/action-result";

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

/**
 * A client-validated form's feedback: field errors and a form error, all shown at once, focus
 * on the first after every failed submit, and a field's error cleared as soon as it changes.
 */
export function useFormFeedback() {
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  // A new object per failed submit, so focus moves to the first error every time.
  const [failure, setFailure] = useState<object | null>(null);
  useFocusFirstError(form, failure);
  return {
    form,
    errors,
    formError,
    fail: (fieldErrors: FieldErrors, message?: string) => {
      setErrors(fieldErrors);
      setFormError(message);
      setFailure({});
    },
    reset: () => {
      setErrors({});
      setFormError(undefined);
    },
    clear: (field: string) => setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e)),
  };
}

/**
 * The same for a form posting to a server action (useActionState): the answer's field errors,
 * each cleared as soon as its field changes, focus on the first after every failed answer.
 */
export function useActionFeedback(result: ActionResult | null) {
  const form = useRef<HTMLFormElement>(null);
  const [cleared, setCleared] = useState<{ result: ActionResult | null; fields: Set<string> }>({ result: null, fields: new Set() });
  const failed = result && !result.ok ? result : null;
  useFocusFirstError(form, failed);
  // Fields cleared since the last answer; a new answer brings its own errors.
  const fields = cleared.result === result ? cleared.fields : new Set<string>();
  const errors: FieldErrors = Object.fromEntries(Object.entries(failed?.fieldErrors ?? {}).filter(([field]) => !fields.has(field)));
  return {
    form,
    errors,
    formError: formErrorOf(result),
    clear: (field: string) => setCleared({ result, fields: new Set(fields).add(field) }),
  };
}
