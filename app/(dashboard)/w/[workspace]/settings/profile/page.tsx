import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requireViewer } from "@/lib/session";
import { PasswordForm } from "./_components/password-form";
import { ProfileForm } from "./_components/profile-form";
import { SignOutEverywhere } from "./_components/sign-out-everywhere";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const viewer = await requireViewer("/settings/profile");
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="Profile" description="Your name and the email you sign in with." />
      <Card className="p-6">
        <ProfileForm name={viewer.name} email={viewer.email} />
      </Card>
      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">Change password</h2>
        <p className="mt-1 text-sm text-slate-600">Changing your password signs you out everywhere, this browser included.</p>
        <PasswordForm />
      </Card>
      <Card className="p-6">
        <div className="flex flex-wrap items-center justify-between gap-4">
          <div>
            <h2 className="text-base font-semibold text-slate-900">Sessions</h2>
            <p className="mt-1 text-sm text-slate-600">Lost a device, or signed in on a shared computer? End every session of your account.</p>
          </div>
          <SignOutEverywhere />
        </div>
      </Card>
    </div>
  );
}
