/**
 * How an organisation's notes reach the child's record: `export` (an administrator downloads
 * the day's notes as CSV and imports them; the default), `webhook` (Oversight sends each note to
 * the case management system as it is agreed) or `oversight` (Oversight is the child's record,
 * for schools and clusters with no case management system: a note is there once agreed).
 */
export const linkModes = ['export', 'webhook', 'oversight'] as const;
export type LinkMode = (typeof linkModes)[number];

export const webhookUrlMaxLength = 2_000;

/**
 * What is wrong with a webhook address, if anything: it must be an https:// address, with no
 * user name or password in it; http:// is let through only where the organisation's
 * integration layer is internal (CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS).
 */
export function webhookUrlProblem(
  text: string,
  options: { allowHttp: boolean },
): string | undefined {
  if (text === '') return 'Enter the webhook address';
  if (text.length > webhookUrlMaxLength)
    return `The webhook address must be ${webhookUrlMaxLength} characters or fewer`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter the webhook address as a full address, like https://lcs.example.gov.uk/notes';
  }
  const httpAllowed = url.protocol === 'http:' && options.allowHttp;
  if (url.protocol !== 'https:' && !httpAllowed)
    return 'The webhook address must start with https://';
  if (url.username || url.password)
    return 'Remove the user name and password from the webhook address: each note is signed instead';
  return undefined;
}
