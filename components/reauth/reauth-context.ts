"use client";

import { createContext } from "react";

/**
 * Asks the person to confirm their identity; resolves true once they have (the server opened
 * this session's re-authentication window), false when they cancelled. Null outside a
 * ReauthProvider: then a refusal is shown as it is.
 */
export type ConfirmIdentity = () => Promise<boolean>;

export const ReauthContext = createContext<ConfirmIdentity | null>(null);
