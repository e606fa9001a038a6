import { Badge } from "@/components/ui/badge";

export function DeliveryStatus({ status, statusCode }: { status: string; statusCode?: number | null }) {
  const code = statusCode ? ` · ${statusCode}` : "";
  if (status === "delivered") return <Badge tone="green">Delivered{code}</Badge>;
  if (status === "failed") return <Badge tone="red">Failed{code}</Badge>;
  return <Badge tone="amber">{statusCode !== undefined && statusCode !== null ? `Retrying${code}` : "Pending"}</Badge>;
}
