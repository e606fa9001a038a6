import { compose, type MailContent } from "./html";

// One function per message Latchkey sends. Each returns plain text and simple HTML with the
// product's name, and carries no secret other than its one link: a message that is forwarded,
// kept in a mailbox for years or read over a shoulder gives away at most that link.

export type { MailContent };

const when = (date: Date) => date.toUTCString().replace("GMT", "UTC");
const IGNORE = "If you did not ask for this, you can ignore this message.";

export function verifyEmailMessage(input: { name: string; link: string }): MailContent {
  return compose(
    "Verify your email address",
    [`Hi ${input.name},`, "Confirm that this address is yours to finish setting up your Latchkey account. The link works once, for 24 hours."],
    { label: "Verify my address", url: input.link },
    IGNORE,
  );
}

export function resetPasswordMessage(input: { name: string; link: string }): MailContent {
  return compose(
    "Reset your password",
    [`Hi ${input.name},`, "Someone (hopefully you) asked to reset the password of your Latchkey account. The link works once, for 1 hour. Setting a new password signs out every session."],
    { label: "Choose a new password", url: input.link },
    "If you did not ask for this, ignore this message: your password stays as it is.",
  );
}

/** To the owner of an address someone tried to sign up with: no link that grants anything. */
export function signUpAttemptMessage(input: { name: string; signInUrl: string; resetUrl: string }): MailContent {
  return compose(
    "Someone tried to sign up with your address",
    [
      `Hi ${input.name},`,
      "Someone tried to create a Latchkey account with this email address, which already has an account. Nothing was changed.",
      `If it was you, sign in at ${input.signInUrl}. Forgot your password? Reset it at ${input.resetUrl}.`,
    ],
    undefined,
    "If it was not you, you need not do anything.",
  );
}

export function invitationMessage(input: { inviterName: string; workspaceName: string; role: string; link: string; expiresAt: Date }): MailContent {
  return compose(
    `${input.inviterName} invited you to ${input.workspaceName}`,
    [
      `${input.inviterName} invited you to join the workspace "${input.workspaceName}" on Latchkey as ${input.role}.`,
      `The invitation works once and expires on ${when(input.expiresAt)}.`,
    ],
    { label: "Open the invitation", url: input.link },
    "If you did not expect this, you can ignore this message.",
  );
}

export function keyExpiringMessage(input: { keyName: string; prefix: string; workspaceName: string; expiresAt: Date; days: 7 | 1; url: string }): MailContent {
  const within = input.days === 1 ? "in 1 day" : `in ${input.days} days`;
  return compose(
    `An API key expires ${within}`,
    [
      `The API key "${input.keyName}" (${input.prefix}…) in the workspace "${input.workspaceName}" expires on ${when(input.expiresAt)}.`,
      "Integrations using it will stop working then. Roll it to get a replacement, or ignore this if it is no longer needed.",
    ],
    { label: "View the key", url: input.url },
  );
}

export function keyLeakedMessage(input: { keyName: string; prefix: string; workspaceName: string; url: string }): MailContent {
  return compose(
    "An API key was reported leaked and revoked",
    [
      `The API key "${input.keyName}" (${input.prefix}…) in the workspace "${input.workspaceName}" was reported as publicly exposed and was revoked at once.`,
      "Integrations using it stopped working. Create a new key and find where the old one was exposed.",
    ],
    { label: "View the key", url: input.url },
  );
}

export function roleChangedMessage(input: { workspaceName: string; role: string; changedBy: string; url: string }): MailContent {
  return compose(
    `Your role in ${input.workspaceName} changed`,
    [`${input.changedBy} made you ${input.role} in the workspace "${input.workspaceName}" on Latchkey.`],
    { label: "Open the workspace", url: input.url },
  );
}

export function removedMessage(input: { workspaceName: string; removedBy: string }): MailContent {
  return compose(`You were removed from ${input.workspaceName}`, [
    `${input.removedBy} removed you from the workspace "${input.workspaceName}" on Latchkey. Your keys in it stopped working.`,
  ]);
}

export function newSignInMessage(input: { device: string; address: string; at: Date; securityUrl: string }): MailContent {
  return compose(
    "New sign-in to your account",
    [`Your Latchkey account was signed in to from a new device.`, `Device: ${input.device}`, `Address: ${input.address}`, `Time: ${when(input.at)}`],
    { label: "Review your sessions", url: input.securityUrl },
    "If this was not you, change your password and end that session now.",
  );
}

export function twoFactorChangedMessage(input: { enabled: boolean; method: string; at: Date; securityUrl: string }): MailContent {
  const state = input.enabled ? "turned on" : "turned off";
  return compose(
    `Two-factor sign-in was ${state}`,
    [`${input.method} for two-factor sign-in was ${state} for your Latchkey account on ${when(input.at)}.`],
    { label: "Review your security settings", url: input.securityUrl },
    "If this was not you, change your password at once.",
  );
}

/** To a person whose second factors an instance admin removed (lib/dal/instance-admin.ts). */
export function twoFactorResetMessage(input: { at: Date; securityUrl: string }): MailContent {
  return compose(
    "Your two-factor sign-in was reset",
    [
      `An administrator of this Latchkey instance removed every second factor from your account on ${when(input.at)}: your authenticator app, your backup codes and your passkeys.`,
      "You now sign in with your password alone. Set up two-factor sign-in again on your Security page.",
    ],
    { label: "Set up two-factor sign-in", url: input.securityUrl },
    "If you did not ask for this, change your password at once and tell your administrator.",
  );
}

/** The Admin area's "Send a test" (app/admin/mail), to the admin's own address. */
export function testMailMessage(input: { adminName: string }): MailContent {
  return compose("Latchkey test message", [
    `This is a test message ${input.adminName} sent from the Admin area of this Latchkey instance.`,
    "If you are reading it, mail from Latchkey arrives.",
  ]);
}
