/**
 * One POST of a note to the organisation's webhook, with a deadline for the whole exchange (the
 * answer's body too). Redirects are not followed: the answer is the webhook's own. Unless the
 * organisation's integration layer is internal (CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS), the
 * address connected to must be a public one: the host is resolved as the request connects and
 * loopback, private, link-local, unique-local and unspecified addresses are refused, so a
 * webhook address cannot be used to reach the machines beside Oversight. Never throws: every
 * way it can end is a SendResult for the domain's retry decision.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { SendResult } from '../../domain/child-record/delivery.ts';

/** Enough of an answer's body to say why it was refused. */
const keepBytes = 2_000;

export type WebhookOptions = {
  timeoutMs: number;
  /** CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS: internal addresses, and http://, allowed. */
  allowPrivate: boolean;
};

/** Addresses a webhook may not be on (IPv4-mapped IPv6 addresses are checked as IPv4). */
const privateAddresses = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  privateAddresses.addSubnet(network, prefix, 'ipv4');
privateAddresses.addAddress('::', 'ipv6');
privateAddresses.addAddress('::1', 'ipv6');
privateAddresses.addSubnet('fe80::', 10, 'ipv6');
privateAddresses.addSubnet('fc00::', 7, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return privateAddresses.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const privateAddressCode = 'EPRIVATEADDRESS';

function privateAddressError(address: string) {
  return Object.assign(
    new Error(
      `the webhook's address ${address} is a private or local address, which Oversight does not send notes to unless CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS is set`,
    ),
    { code: privateAddressCode },
  );
}

/** dns.lookup that gives the connection only public addresses. */
const publicLookup = ((
  hostname: string,
  options: { all?: boolean },
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowed = addresses.filter((a) => !isPrivateAddress(a.address));
    if (allowed.length === 0)
      return callback(privateAddressError(addresses[0]?.address ?? hostname), []);
    if (options.all) return callback(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
}) as unknown as LookupFunction;

export function postNote(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: WebhookOptions,
): Promise<SendResult> {
  const target = new URL(url);
  if (!options.allowPrivate) {
    if (target.protocol !== 'https:')
      return Promise.resolve({
        kind: 'unreachable',
        reason:
          'the webhook address is not https://, which only CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS allows',
      });
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (isPrivateAddress(literal))
      return Promise.resolve({ kind: 'unreachable', reason: privateAddressError(literal).message });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
        agent: false,
        ...(options.allowPrivate ? {} : { lookup: publicLookup }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const answered = () => {
          settle({
            kind: 'answered',
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).subarray(0, keepBytes).toString('utf8'),
          });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= keepBytes) answered();
        });
        response.on('end', answered);
        response.on('error', answered);
      },
    );
    const timer = setTimeout(() => {
      settle({ kind: 'timed_out', afterMs: options.timeoutMs });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error) => settle({ kind: 'unreachable', reason: reasonOf(error) }));
    request.end(body);
  });
}

/** 'ECONNREFUSED', 'ENOTFOUND', … as Node names it; a refused address, in words. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code && code !== privateAddressCode) return code;
  return error instanceof Error ? error.message : String(error);
}
