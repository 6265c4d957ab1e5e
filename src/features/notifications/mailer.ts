/**
 * Sending email over SMTP with nodemailer (SMTP_URL, MAIL_FROM). A message with an invitation
 * carries it as a text/calendar alternative (the part calendar programs act on) with its
 * METHOD. The Message-ID is made from the message's row id, so if a send is repeated (the
 * process died after the server accepted it and before it was marked sent) mail systems see
 * the same message again rather than a new one.
 */
import nodemailer from 'nodemailer';
import type { EmailMessage } from '../../data-access/email-repository.ts';

export type Mailer = {
  send(email: EmailMessage): Promise<void>;
  close(): void;
};

/** 'Oversight <oversight@council.gov.uk>' or a bare address, as a name and an address. */
export function parseAddress(text: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(text);
  if (match) return { name: match[1] || 'Oversight', email: match[2]!.trim() };
  return { name: 'Oversight', email: text.trim() };
}

/** The METHOD line of an iCalendar object (REQUEST, CANCEL, PUBLISH). */
export function calendarMethod(calendar: string): string {
  return /^METHOD:([A-Z-]+)\r?$/m.exec(calendar)?.[1] ?? 'PUBLISH';
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  const domain = parseAddress(from).email.split('@')[1] ?? 'oversight';
  return {
    async send(email) {
      await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        messageId: `<${email.id}@${domain}>`,
        ...(email.calendar
          ? {
              icalEvent: {
                method: calendarMethod(email.calendar),
                filename: 'invitation.ics',
                content: email.calendar,
              },
            }
          : {}),
      });
    },
    close: () => transport.close(),
  };
}
