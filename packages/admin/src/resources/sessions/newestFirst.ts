import type { DataProvider } from 'react-admin';

/**
 * The API orders sessions by scheduled time with a `descending` flag instead of an orderBy. The sessions list reads
 * through this wrapper: a DESC sort goes to the `sessionsNewestFirst` entry of the resource map (the same query with
 * `descending: true`), everything else to the portal's provider unchanged, cursor paging included.
 */
export function withNewestFirst(dataProvider: DataProvider): DataProvider {
  return {
    ...dataProvider,
    getList: (resource, params) =>
      dataProvider.getList(
        resource === 'sessions' && params.sort?.order === 'DESC' ? 'sessionsNewestFirst' : resource,
        params,
      ),
  };
}
