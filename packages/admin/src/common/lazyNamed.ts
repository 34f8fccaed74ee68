import { lazy, type ComponentType } from 'react';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyComponent = ComponentType<any>;

/**
 * A screen loaded on demand: React.lazy for a module's named export, so each resource's pages (and the charts) come
 * in their own chunk when first opened, not in the portal's first download. react-admin's layout shows its loading
 * indicator (Suspense) while the chunk arrives.
 */
export function lazyNamed<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  return lazy(async () => ({ default: (await load())[name] as AnyComponent })) as unknown as M[K];
}
