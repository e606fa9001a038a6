import "server-only";

export * from "./messages";
export { appUrl, publicOrigin } from "./links";
export { queueMail, sendMail, type MailOutcome, type OutgoingMail } from "./send";
