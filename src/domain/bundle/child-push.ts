/**
 * A child pushed by the case-management system, laid over the child Oversight holds. The source
 * does not manage every optional field (events are also recorded in Oversight), so a field left
 * out keeps the stored value and only an explicit `null` (or `[]` for a list) clears it. The
 * required lists, statuses, flags and allocations, are the source's full view and replace the
 * stored ones.
 */
import { z } from 'zod';
import { type BundleChild, bundleSchema } from './schema.ts';

const childSchema = bundleSchema.shape.children.element;
type ChildShape = typeof childSchema.shape;

/** The child's optional fields, read from the bundle's schema so a new one is covered too. */
export const pushOptionalFields = (Object.keys(childSchema.shape) as (keyof ChildShape)[]).filter(
  (key) => childSchema.shape[key] instanceof z.ZodOptional,
);

type OptionalField = {
  [K in keyof BundleChild]-?: undefined extends BundleChild[K] ? K : never;
}[keyof BundleChild];

/** A child as pushed: every optional field may also be `null`, to clear it. */
export type PushedChild = {
  [K in keyof BundleChild]: K extends OptionalField ? BundleChild[K] | null : BundleChild[K];
};

const nullable = Object.fromEntries(
  pushOptionalFields.map((key) => [
    key,
    (childSchema.shape[key] as z.ZodOptional<z.ZodType>).unwrap().nullable().optional(),
  ]),
);

/** The push's body: `{ "children": [ … ] }`, each child in the bundle's shape or with nulls. */
export const pushSchema = z.strictObject({
  children: z.array(childSchema.extend(nullable)),
}) as unknown as z.ZodType<{ children: PushedChild[] }>;

/** The pushed child over the stored one (if any): left-out optional fields keep their value. */
export function mergePushedChild(
  pushed: PushedChild,
  stored: BundleChild | undefined,
): BundleChild {
  const merged: Record<string, unknown> = {};
  for (const key of pushOptionalFields) if (stored?.[key] !== undefined) merged[key] = stored[key];
  for (const [key, value] of Object.entries(pushed)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged as BundleChild;
}
