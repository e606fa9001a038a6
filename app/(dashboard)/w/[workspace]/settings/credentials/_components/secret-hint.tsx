import { cn } from "@/components/ui/cn";

/**
 * The masked secret: its last 4 characters when the hint rule allows any (lib/credentials/hint),
 * dots alone otherwise. Named as a whole, so a screen reader says "Secret ending in A1b2"
 * instead of eight bullets.
 */
export function SecretHint({ hint, className }: { hint: string | null; className?: string }) {
  return (
    <span role="img" aria-label={hint ? `Secret ending in ${hint}` : "Secret, no characters shown"} className={cn("font-mono whitespace-nowrap text-slate-700", className)}>
      {hint ? `••••${hint}` : "••••••••"}
    </span>
  );
}
