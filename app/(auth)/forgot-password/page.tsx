import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./_components/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Reset your password</h1>
      <p className="mt-2 text-sm text-slate-600">Enter the email address of your account and we will send you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className="mt-6 text-center text-sm text-slate-600">
        Remembered it?{" "}
        <Link className="font-medium text-indigo-600 hover:text-indigo-500" href="/sign-in">
          Sign in
        </Link>
      </p>
    </>
  );
}
