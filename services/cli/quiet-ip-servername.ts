/**
 * grpc-js sets the TLS server name to the target's host even when it is an IP literal
 * (127.0.0.1), and Node warns (DEP0123) on every connection. Certificates for an IP carry it as
 * an IP SAN and are checked as such, so the warning says nothing to a user: this drops that one
 * warning (by its code) and lets every other through.
 */
export function quietIpServername(): void {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = typeof rest[0] === "object" && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
    if (code === "DEP0123") return;
    (emit as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
