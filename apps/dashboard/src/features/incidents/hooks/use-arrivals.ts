import { useState } from 'react';

/**
 * Tells which items arrived after the list was first shown, so a report that
 * comes in live can be highlighted while the initial page is not.
 */
export function useArrivals(items: readonly { id: string }[] | undefined): (id: string) => boolean {
  const [initialIds, setInitialIds] = useState<ReadonlySet<string> | null>(null);
  // Set during render, before the first rows commit, so those rows never count as arrivals.
  if (initialIds === null && items !== undefined) setInitialIds(new Set(items.map((item) => item.id)));
  return (id) => initialIds !== null && !initialIds.has(id);
}
