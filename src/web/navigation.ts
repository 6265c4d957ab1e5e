import type { UserAccount } from '../data-access/user-repository.ts';

type NavigationItem = { href: string; text: string; active?: boolean };

/** The service navigation: only the places this person can use. */
export function navigationFor(user: UserAccount | undefined, url: string): NavigationItem[] {
  if (!user) return [];
  const items: NavigationItem[] = [{ href: '/', text: 'Home' }];
  items.push({ href: '/sign-out', text: 'Sign out' });
  const path = url.split('?')[0];
  return items.map((item) => ({ ...item, active: item.href === path }));
}
