import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SessionDTO } from "@/lib/dal/sessions";
import { formatAddress } from "@/lib/format";
import { EndOtherSessions, EndSessionButton } from "./session-buttons";
import { describeUserAgent, METHOD_LABELS } from "@/lib/user-agent";

/** Account → Security → Sessions: every browser signed in to the account, this one marked. */
export function SessionsSection({ sessions }: { sessions: SessionDTO[] }) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 px-6 py-5">
        <div className="min-w-0 flex-1 basis-64">
          <h2 id="sessions-title" className="text-base font-semibold text-slate-900">
            Sessions
          </h2>
          <p className="mt-1 text-sm text-slate-600">Where your account is signed in. Signing out a session takes effect on its next request.</p>
        </div>
        {others > 0 && <EndOtherSessions count={others} />}
      </div>
      <ul className="divide-y divide-slate-100" aria-labelledby="sessions-title">
        {/* This browser first, then the others, the most recently used first. */}
        {[...sessions].sort((a, b) => Number(b.current) - Number(a.current)).map((session) => (
          <SessionRow key={session.handle} session={session} />
        ))}
      </ul>
    </>
  );
}

function SessionRow({ session }: { session: SessionDTO }) {
  const { browser, system, mobile } = describeUserAgent(session.userAgent);
  const name = system ? `${browser} on ${system}` : browser;
  const address = formatAddress(session.ip) ?? "Unknown address";
  return (
    <li className="flex flex-wrap items-center gap-4 px-6 py-4" data-testid="session-row">
      <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-500" aria-hidden>
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-5">
          {mobile ? (
            <path d="M10.5 1.5H8.25A2.25 2.25 0 0 0 6 3.75v16.5a2.25 2.25 0 0 0 2.25 2.25h7.5A2.25 2.25 0 0 0 18 20.25V3.75a2.25 2.25 0 0 0-2.25-2.25H13.5m-3 0V3h3V1.5m-3 0h3m-3 18.75h3" />
          ) : (
            <path d="M9 17.25v1.007a3 3 0 0 1-.879 2.122L7.5 21h9l-.621-.621A3 3 0 0 1 15 18.257V17.25m6-12V15a2.25 2.25 0 0 1-2.25 2.25H5.25A2.25 2.25 0 0 1 3 15V5.25m18 0A2.25 2.25 0 0 0 18.75 3H5.25A2.25 2.25 0 0 0 3 5.25m18 0V12a2.25 2.25 0 0 1-2.25 2.25H5.25A2.25 2.25 0 0 1 3 12V5.25" />
          )}
        </svg>
      </div>
      <div className="min-w-0 flex-1 basis-56">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
          <span className="break-words">{name}</span>
          {session.current && <Badge tone="green">This device</Badge>}
        </p>
        <p className="mt-0.5 text-sm text-slate-600">
          <span className="font-mono text-xs">{address}</span> · {METHOD_LABELS[session.method] ?? session.method}
        </p>
        <p className="mt-0.5 text-xs text-slate-500">
          Signed in <RelativeTime at={session.createdAt} /> · Last seen <RelativeTime at={session.lastSeenAt} />
        </p>
      </div>
      {!session.current && <EndSessionButton handle={session.handle} name={name} />}
    </li>
  );
}
