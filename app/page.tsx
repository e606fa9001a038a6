import { redirect } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { Logo } from "@/components/logo";
import { SiteFooter } from "@/components/site-footer";
import { getViewer } from "@/lib/session";

export default async function HomePage() {
  if (await getViewer()) redirect("/settings/api-keys");
  return (
    <div className="flex min-h-screen flex-col">
      <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col justify-center px-6 py-16">
        <Logo />
        <h1 className="mt-10 text-4xl font-semibold tracking-tight text-slate-900">API keys, done properly.</h1>
        <p className="mt-4 max-w-xl text-lg text-slate-600">
          Create keys for your integrations, see each secret exactly once, find them again by name, and revoke them the
          moment they are no longer needed.
        </p>
        <div className="mt-8 flex gap-3">
          <ButtonLink href="/sign-up">Create an account</ButtonLink>
          <ButtonLink href="/sign-in" variant="secondary">
            Sign in
          </ButtonLink>
        </div>
      </main>
      <SiteFooter />
    </div>
  );
}
