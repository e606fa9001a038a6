import type { Service } from "@/lib/credentials/catalogue";
import { ServiceMonogram } from "./service-monogram";

/** The service's own words for where its key is made, and the hosts Latchkey will send it to. */
export function WhereToGetKey({ service }: { service: Service }) {
  return (
    <section aria-labelledby="get-key-heading" className="flex gap-3 rounded-lg bg-indigo-50/60 p-4 text-sm ring-1 ring-indigo-100">
      <ServiceMonogram initials={service.initials} />
      <div className="min-w-0 space-y-1">
        <h2 id="get-key-heading" className="font-semibold text-slate-900">Where to get a key</h2>
        {service.getKey && (
          <p className="text-slate-700">
            {service.getKey.steps}{" "}
            <a href={service.getKey.url} target="_blank" rel="noopener noreferrer" className="font-medium break-words text-indigo-700 underline hover:text-indigo-900">
              Open {service.name}<span className="sr-only"> (opens in a new tab)</span>
            </a>
          </p>
        )}
        {service.hosts.length > 0 && (
          <p className="text-slate-600">
            Its API answers at{" "}
            {service.hosts.map((host, i) => (
              <span key={host}>
                {/* A line breaks between hosts, never inside one (a long one still wraps rather than overflow). */}
                <span className="font-mono [overflow-wrap:anywhere]">{host}</span>
                {i < service.hosts.length - 1 ? ", " : "."}
              </span>
            ))}
          </p>
        )}
      </div>
    </section>
  );
}
