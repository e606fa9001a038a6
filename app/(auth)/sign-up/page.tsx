import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/session";
import { emailSchema, safeCallbackPath } from "@/lib/validation/auth";
import { SignUpForm } from "./_components/sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getViewer()) redirect(callbackUrl);
  // An invitation link sends the invited address along (?email=); anything else starts empty.
  const email = emailSchema.safeParse(params.email);
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Create your account</h1>
      <SignUpForm callbackUrl={callbackUrl} email={email.success ? email.data : ""} />
    </>
  );
}
