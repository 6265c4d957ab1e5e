/** The built-in policy packs, one per seed framework. */
import { durhamOnePoint2022 } from './packs/durham-one-point-2022.ts';
import { leedsSchoolsClusters } from './packs/leeds-schools-clusters.ts';
import { manchester } from './packs/manchester.ts';
import { northumberland2024 } from './packs/northumberland-2024.ts';
import { systemic4x4x4 } from './packs/systemic-4x4x4.ts';
import type { PolicyPack } from './schema.ts';

const builtInPacks: readonly PolicyPack[] = [
  northumberland2024,
  systemic4x4x4,
  manchester,
  leedsSchoolsClusters,
  durhamOnePoint2022,
];

export function listPacks(): readonly PolicyPack[] {
  return builtInPacks;
}

export function getPack(id: string): PolicyPack | undefined {
  return builtInPacks.find((pack) => pack.id === id);
}

export function packIds(): string[] {
  return builtInPacks.map((pack) => pack.id);
}
