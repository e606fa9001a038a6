import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/session";
import { safeCallbackPath } from "@/lib/validation/auth";
import { PasskeySignIn } from "./_components/passkey-sign-in";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  "password-changed": "Your password was changed and every session was signed out. Sign in with the new password.",
  "password-reset": "Your new password is saved and every session was signed out. Sign in with the new password.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getViewer()) redirect(callbackUrl);
  const notice = typeof params.notice === "string" ? NOTICES[params.notice] : undefined;
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Sign in to Latchkey</h1>
      {notice && <p className="mt-4 rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-800">{notice}</p>}
      <SignInForm callbackUrl={callbackUrl} />
      <p className="mt-4 text-right text-sm">
        <Link className="font-medium text-indigo-600 hover:text-indigo-500" href="/forgot-password">
          Forgot password?
        </Link>
      </p>
      <PasskeySignIn callbackUrl={callbackUrl} />
      <p className="mt-6 text-center text-sm text-slate-600">
        No account yet?{" "}
        <Link className="font-medium text-indigo-600 hover:text-indigo-500" href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Create one
        </Link>
      </p>
    </>
  );
}
