import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP } from "node:net";

/**
 * Where a webhook may be sent (decision 059). A platform names the URL, so without these checks
 * a replay would make the server post signed events into its own network (SSRF).
 */

const notPublic = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // unspecified, "this network"
  ["10.0.0.0", 8], // RFC 1918
  ["100.64.0.0", 10], // CGNAT (RFC 6598)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata lives here)
  ["172.16.0.0", 12], // RFC 1918
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // RFC 1918
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const)
  notPublic.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["2002::", 16], // 6to4 (can wrap any IPv4 address)
  ["64:ff9b:1::", 48], // local-use NAT64
] as const)
  notPublic.addSubnet(net, bits, "ipv6");

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, "");

/** Whether a literal address may receive webhooks; loopback only where demo receivers run. IPv4-mapped IPv6 is checked as IPv4. */
export function addressAllowed(address: string, allowLoopback: boolean): boolean {
  const ip = bare(address);
  const family = isIP(ip);
  if (family === 0) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (allowLoopback && loopback.check(ip, type)) return true;
  return !notPublic.check(ip, type);
}

const LOCAL_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/**
 * A subscription URL as stored, or why it is refused. In production: https only, and no literal
 * address or `localhost` name that is not public. In demo: https anywhere, or http to this machine
 * (a receiver under test). Host names are checked again, resolved, at each delivery.
 */
export function checkWebhookUrl(
  raw: string,
  production: boolean,
): { ok: true; url: string } | { ok: false; reason: "badUrl" | "privateAddress" } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: "badUrl" };
  }
  if (url.username || url.password) return { ok: false, reason: "badUrl" };
  if (!production) {
    const local = LOCAL_NAMES.includes(url.hostname);
    return url.protocol === "https:" || (url.protocol === "http:" && local)
      ? { ok: true, url: url.toString() }
      : { ok: false, reason: "badUrl" };
  }
  if (url.protocol !== "https:") return { ok: false, reason: "badUrl" };
  const host = bare(url.hostname).toLowerCase();
  if (isIP(host) ? !addressAllowed(host, false) : host === "localhost" || host.endsWith(".localhost"))
    return { ok: false, reason: "privateAddress" };
  return { ok: true, url: url.toString() };
}

export class RefusedAddress extends Error {
  constructor(address: string) {
    super(`refused: ${address} is not a public address`);
  }
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses a name resolving to any non-public address, at connect time (no rebinding window). */
function guardedLookup(allowLoopback: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    dnsLookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses) => {
      if (error) return callback(error, "");
      const refused = addresses.find((a) => !addressAllowed(a.address, allowLoopback));
      if (refused || addresses.length === 0) return callback(new RefusedAddress(refused?.address ?? hostname), "");
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/**
 * POSTs one webhook and answers the status. The address is checked before connecting (literal or
 * resolved); redirects are not followed (a 3xx is a failed delivery).
 */
export function postWebhook(
  raw: string,
  init: { headers: Record<string, string>; body: string },
  options: { production: boolean; timeoutMs: number },
): Promise<number> {
  const url = new URL(raw);
  const allowLoopback = !options.production;
  if (options.production && url.protocol !== "https:") return Promise.reject(new Error("refused: not https"));
  const host = bare(url.hostname);
  if (isIP(host) && !addressAllowed(host, allowLoopback)) return Promise.reject(new RefusedAddress(host));
  const request = url.protocol === "https:" ? httpsRequest : url.protocol === "http:" ? httpRequest : null;
  if (!request) return Promise.reject(new Error("refused: unsupported scheme"));
  const requestOptions: RequestOptions = {
    method: "POST",
    headers: { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) },
    lookup: guardedLookup(allowLoopback) as RequestOptions["lookup"],
    signal: AbortSignal.timeout(options.timeoutMs),
  };
  return new Promise((resolve, reject) => {
    const req = request(url, requestOptions, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}
