import { ButtonLink } from "@/components/ui/button";

/** A 404 inside the settings shell: the header and the menu stay, so nobody is stranded. */
export default function SettingsNotFound() {
  return (
    <div className="flex min-h-[50vh] flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 tabIndex={-1} className="mt-2 text-2xl font-semibold text-slate-900 focus:outline-none">Page not found</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">There is nothing here, or it is not yours to see. Check the address, or find it from the menu.</p>
      <ButtonLink href="/settings/api-keys" className="mt-6">Back to API Keys</ButtonLink>
    </div>
  );
}
