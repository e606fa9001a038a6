"use client";

import { useCallback, useContext } from "react";
import { isReauthRequired, type ActionResult } from "@/lib/action-result";
import { ReauthContext } from "./reauth-context";

// A sensitive action whose window runs out between the confirmation and the retry (or that a
// second tab closed) asks again, at most this many times in a row.
const MAX_ASKS = 2;

/**
 * The one client-side way to call a sensitive server action. `withReauth(call)` runs the call;
 * when the server answers "reauth_required" (nothing was changed) it opens "Confirm it's you",
 * and once confirmed runs the same call again, with the same input. Resolves to the action's
 * answer, or to null when the person cancelled: the caller then leaves its form as it was.
 */
export function useReauth() {
  const confirm = useContext(ReauthContext);
  return useCallback(
    async <R extends ActionResult | null | undefined>(call: () => Promise<R>): Promise<R | null> => {
      let result = await call();
      for (let asked = 0; asked < MAX_ASKS && isReauthRequired(result ?? null); asked++) {
        if (!confirm) return result;
        if (!(await confirm())) return null;
        result = await call();
      }
      return result;
    },
    [confirm],
  );
}

/**
 * For useActionState: the action, asking "Confirm it's you" when the server needs it. A
 * cancelled confirmation keeps the previous state, so no toast or error appears.
 */
export function useReauthAction<R extends ActionResult, P>(action: (previous: R | null, payload: P) => Promise<R>) {
  const withReauth = useReauth();
  return useCallback(
    async (previous: R | null, payload: P): Promise<R | null> => (await withReauth(() => action(previous, payload))) ?? previous,
    [withReauth, action],
  );
}
