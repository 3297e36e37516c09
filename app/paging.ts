/**
 * 分页 — every list the use cases answer: a page of `items` and the `total` that match, so a list that
 * does not fit one page says so (nothing is capped silently). Asked for with `limit` and `offset`.
 */
export interface PageRequest {
  limit: number;
  offset: number;
}
export interface Page<T> {
  items: T[];
  total: number;
}

/** The page of a list held in memory (already filtered and sorted). */
export function pageOf<T>(all: readonly T[], page: PageRequest): Page<T> {
  return { items: all.slice(page.offset, page.offset + page.limit), total: all.length };
}
