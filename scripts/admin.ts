// `npm run admin -- <command>`: operator commands, run on the server by whoever runs it (shell
// access to the server is the authority here, not an account in the app).
//   reset-link <email>   prints a password reset link for that account, once (1 hour, single use),
//                        for instances without SMTP_URL or a person whose mail does not arrive.
import { adminResetLink } from "@/lib/dal/account-tokens";
import { disconnectDatabase } from "@/lib/dal/health-probe";
import { emailSchema } from "@/lib/validation/auth";

const USAGE = "usage: npm run admin -- reset-link <email>";

async function main(args: string[]): Promise<number> {
  const [command, value, ...rest] = args;
  if (command !== "reset-link" || value === undefined || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const email = emailSchema.safeParse(value);
  if (!email.success) {
    console.error(`[admin] not an email address\n${USAGE}`);
    return 2;
  }
  const link = await adminResetLink(email.data);
  if (!link) {
    console.error(`[admin] no account has the address ${email.data}`);
    return 1;
  }
  // The link is printed here and nowhere else: it is not stored (only its hash) nor logged.
  console.log(`Password reset link for ${email.data} (works once, for 1 hour; setting a password signs out every session):\n${link}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2)).finally(() => disconnectDatabase());
