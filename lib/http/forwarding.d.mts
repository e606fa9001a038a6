export declare const plainAddress: (address: string | undefined) => string;
export declare function trustForwarding(
  headers: Record<string, string | string[] | undefined>,
  socket: { remoteAddress?: string; encrypted?: boolean },
  trustedHops: number,
): void;
