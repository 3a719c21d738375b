/**
 * Between multiaddrs and the host names and ports `Deno.listen` / `Deno.connect` take.
 *
 * @module
 */
import { InvalidMultiaddrError } from "@libp2p/interface";
import { getNetConfig } from "@libp2p/utils";
import { type Multiaddr, multiaddr } from "@multiformats/multiaddr";

/** Where a socket connects or listens, in `Deno.connect` / `Deno.listen` terms. */
export interface NetAddress {
  /** An IP literal (IPv6 without brackets) or, for dialing, a DNS name. */
  hostname: string;
  port: number;
  /** Whether `hostname` is an IP literal rather than a DNS name. */
  isIp: boolean;
}

/**
 * The host and port of a TCP multiaddr (`/ip4/.../tcp/N`, `/ip6/.../tcp/N`, `/dns*` /.../tcp/N).
 * Throws {@linkcode InvalidMultiaddrError} for anything else, naming the address.
 */
export function toNetAddress(ma: Multiaddr): NetAddress {
  let config: ReturnType<typeof getNetConfig>;
  try {
    config = getNetConfig(ma);
  } catch (cause) {
    throw _invalid(ma, `it has no IP or DNS host (${(cause as Error).message})`);
  }
  if (config.protocol !== "tcp" || config.port === undefined) {
    throw _invalid(ma, "it has no /tcp/<port> after the host");
  }
  if (config.type === "dnsaddr") {
    throw _invalid(ma, "/dnsaddr must be resolved before dialing");
  }
  return {
    hostname: config.host,
    port: config.port,
    isIp: config.type === "ip4" || config.type === "ip6",
  };
}

/** The multiaddr of a socket address Deno reports (`conn.remoteAddr`, `listener.addr`). */
export function fromDenoAddr(addr: Deno.NetAddr): Multiaddr {
  const family = addr.hostname.includes(":") ? "ip6" : "ip4";
  return multiaddr(`/${family}/${addr.hostname}/tcp/${addr.port}`);
}

function _invalid(ma: Multiaddr, rule: string): InvalidMultiaddrError {
  return new InvalidMultiaddrError(
    `deno-tcp: cannot use ${ma.toString()} as a TCP address: ${rule}`,
  );
}
