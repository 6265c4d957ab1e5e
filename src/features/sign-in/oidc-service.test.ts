import { describe, expect, it } from 'vitest';
import { verifiedEmail } from './oidc-service.ts';

const tid = '3f2c1b7e-0000-4000-8000-000000000001';
const entra = `https://login.microsoftonline.com/${tid}/v2.0`;
const other = 'https://id.example.gov.uk';

describe('the email single sign-on matches an account by', () => {
  it('is the email claim only when the provider says it is verified', () => {
    expect(verifiedEmail({ email: 'a@b.example', email_verified: true }, other)).toBe(
      'a@b.example',
    );
    expect(verifiedEmail({ email: 'a@b.example', email_verified: false }, other)).toBeUndefined();
    expect(verifiedEmail({ email: 'a@b.example' }, other)).toBeUndefined();
    expect(verifiedEmail({ email: 'not an email', email_verified: true }, other)).toBeUndefined();
  });

  it("falls back on Entra's sign-in name, and on no other provider's", () => {
    const upn = { preferred_username: 'j.ellis@northshire.gov.uk', tid };
    expect(verifiedEmail(upn, entra)).toBe('j.ellis@northshire.gov.uk');
    expect(verifiedEmail({ ...upn, acct: 0 }, entra)).toBe('j.ellis@northshire.gov.uk');
    expect(verifiedEmail(upn, other)).toBeUndefined();
    expect(verifiedEmail({ preferred_username: 'jellis', tid }, entra)).toBeUndefined();
    expect(
      verifiedEmail(
        { email: 'verified@x.example', email_verified: true, preferred_username: 'upn@x.example' },
        entra,
      ),
    ).toBe('verified@x.example');
  });

  it("does not trust Entra's sign-in name from a guest, another tenant or a shared issuer", () => {
    const upn = { preferred_username: 'j.ellis@northshire.gov.uk', tid };
    expect(verifiedEmail({ ...upn, acct: 1 }, entra)).toBeUndefined();
    expect(
      verifiedEmail(
        { ...upn, idp: 'https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/' },
        entra,
      ),
    ).toBeUndefined();
    expect(
      verifiedEmail({ ...upn, tid: '00000000-0000-4000-8000-00000000beef' }, entra),
    ).toBeUndefined();
    expect(verifiedEmail({ preferred_username: upn.preferred_username }, entra)).toBeUndefined();
    const common = 'https://login.microsoftonline.com/common/v2.0';
    expect(verifiedEmail(upn, common)).toBeUndefined();
    // A guest with a verified email is matched by that email.
    expect(
      verifiedEmail({ ...upn, acct: 1, email: 'g@x.example', email_verified: true }, entra),
    ).toBe('g@x.example');
  });
});
