import type { UserAccount } from '../data-access/user-repository.ts';

type NavigationItem = { href: string; text: string; active?: boolean };

const childrenRoles: readonly string[] = [
  'administrator',
  'senior_manager',
  'supervisor',
  'practitioner',
];

const planningRoles: readonly string[] = ['supervisor', 'practitioner', 'senior_manager'];

const auditRoles: readonly string[] = ['supervisor', 'senior_manager', 'auditor'];

/** The service navigation: only the places this person can use. */
export function navigationFor(
  user: UserAccount | undefined,
  url: string,
  /** Decided by can() for this request's actor (web/app.ts). */
  access: { browseOrganisation?: boolean; unreadNotifications?: number } = {},
): NavigationItem[] {
  if (!user) return [];
  const items: NavigationItem[] = [{ href: '/', text: 'Home' }];
  if (access.browseOrganisation) items.push({ href: '/organisation', text: 'Organisation' });
  // The children register, for the roles that hold or oversee children; can() picks the rows.
  if (user.roles.some((role) => childrenRoles.includes(role)))
    items.push({ href: '/children', text: 'Children' });
  // The planner: supervisors plan the year, practitioners see and prepare their sessions.
  if (user.roles.some((role) => planningRoles.includes(role)))
    items.push({ href: '/planning', text: 'Planning' });
  // Dashboards and reports: for those who oversee others (can() decides which units).
  if (user.roles.some((role) => role === 'supervisor' || role === 'senior_manager'))
    items.push({ href: '/dashboards', text: 'Dashboards' });
  // Supervision records: anyone who is a staff member writes, signs or reads their own.
  if (user.staffMemberId) items.push({ href: '/records', text: 'Records' });
  // Audits of supervision: those who audit, are audited, or assure its quality.
  if (user.roles.some((role) => auditRoles.includes(role)))
    items.push({ href: '/audits', text: 'Audits' });
  const unread = access.unreadNotifications ?? 0;
  items.push({
    href: '/notifications',
    text: unread > 0 ? `Notifications (${unread})` : 'Notifications',
  });
  if (user.staffMemberId)
    items.push({ href: `/staff/${user.staffMemberId}`, text: 'Your details' });
  items.push({ href: '/sign-out', text: 'Sign out' });
  const path = url.split('?')[0] ?? url;
  return items.map((item) => ({
    ...item,
    active:
      item.href === path ||
      (item.href === '/records' && path.startsWith('/records/')) ||
      (item.href === '/audits' && path.startsWith('/audits/')) ||
      (item.href === '/dashboards' && /^\/(dashboards|reports|compliance)\//.test(path)),
  }));
}
