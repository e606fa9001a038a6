import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/cn";

type Props = {
  title: string;
  /** Which snippet this is ("GET /api/v1/keys example"): the block's and the Copy button's name. */
  name: string;
  code: string;
  level?: 2 | 3;
  className?: string;
};

/**
 * A snippet with its title and a Copy button. The block scrolls sideways inside its own box (the
 * page never does), so it is a named, focusable region: keyboard users scroll it with the arrow
 * keys, and a screen reader says which snippet it is before reading it. The code colours stay
 * dark in both themes (bg-code in app/globals.css).
 */
export function CodeBlock({ title, name, code, level = 3, className }: Props) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className={cn("min-w-0", className)}>
      <div className="flex items-center justify-between gap-3">
        <Heading className="text-sm font-semibold text-slate-900">{title}</Heading>
        <CopyButton text={code} what={name} />
      </div>
      <pre
        role="region"
        aria-label={name}
        tabIndex={0}
        // The ring is what edges the block in the dark theme, where bg-code is as dark as the page.
        className="mt-2 overflow-x-auto rounded-md bg-code p-3 font-mono text-xs leading-relaxed text-code-fg ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        <code>{code}</code>
      </pre>
    </div>
  );
}
