import type { Repositories } from '../../data-access/index.ts';
import type { Organisation } from '../../data-access/organisation-repository.ts';
import { UsageError } from '../args.ts';

/** The organisation named by --organisation, or the only one there is. */
export async function chosenOrganisation(
  repos: Repositories,
  slug: string | undefined,
): Promise<Organisation> {
  if (slug) {
    const organisation = await repos.organisations.findBySlug(slug);
    if (!organisation) throw new UsageError(`--organisation: no organisation '${slug}'`);
    return organisation;
  }
  const all = await repos.organisations.list();
  if (all.length === 1) return all[0] as Organisation;
  if (all.length === 0)
    throw new UsageError('there is no organisation yet: import a bundle or run `oversight demo`');
  throw new UsageError(`--organisation: say which, one of ${all.map((o) => o.slug).join(', ')}`);
}
