import { Badge } from "@/components/ui/badge";

/** A delivery's state; a pending one that has been tried already is "Retrying", with or without a status code. */
export function DeliveryStatus({ status, statusCode, attempted }: { status: string; statusCode: number | null; attempted: boolean }) {
  const code = statusCode ? ` · ${statusCode}` : "";
  if (status === "delivered") return <Badge tone="green">Delivered{code}</Badge>;
  if (status === "failed") return <Badge tone="red">Failed{code}</Badge>;
  return <Badge tone="amber">{attempted ? `Retrying${code}` : "Pending"}</Badge>;
}
