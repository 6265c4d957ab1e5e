import { describe, expect, it } from 'vitest';
import { isPrivateAddress, postNote } from './webhook-client.ts';

describe('the webhook’s address', () => {
  it('is refused on loopback, private, link-local, unique-local and unspecified addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.10',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ['81.2.69.160', '2a00:1450:4009:81a::200e'])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it('sends nothing to a private address or over http unless allowed', async () => {
    const strict = { timeoutMs: 1_000, allowPrivate: false };
    expect(await postNote('https://127.0.0.1:9/notes', '{}', {}, strict)).toEqual({
      kind: 'unreachable',
      reason: expect.stringContaining('127.0.0.1 is a private or local address'),
    });
    expect(await postNote('https://[::1]:9/notes', '{}', {}, strict)).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringContaining('::1 is a private or local address'),
    });
    expect(await postNote('http://example.org/notes', '{}', {}, strict)).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringContaining('not https://'),
    });
  });
});
