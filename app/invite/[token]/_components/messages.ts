/**
 * What every dead invitation link gets: unknown, malformed, expired, revoked and already used
 * alike, so the page never tells a guesser which links once existed.
 */
export const INVALID_INVITATION = "This invitation link is not valid. It may have expired, been revoked or already been used. Ask for a new one.";
