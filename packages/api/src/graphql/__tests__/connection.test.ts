import 'reflect-metadata';
import { withRawNodes, type Page } from '../connection';
import { RawJson } from '../raw-json';

describe('withRawNodes', () => {
  it('keeps the page for its lazy total alone: the rows the text was written from are let go of', async () => {
    const rows = [
      { id: 'a', title: 'first' },
      { id: 'b', title: 'second' },
    ];
    let counted = 0;
    const page: Page<{ id: string; title: string }> = {
      edges: rows.map((node) => ({ node, cursor: `c-${node.id}` })),
      nodes: rows,
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'c-a', endCursor: 'c-b' },
      get totalCount() {
        counted++;
        return Promise.resolve(7);
      },
    };

    const written = withRawNodes(page, new RawJson(Buffer.from('[{"id":"a"},{"id":"b"}]')));

    expect(page.edges).toEqual([]);
    expect(page.nodes).toEqual([]);
    expect(written.rawNodes?.text).toBe('[{"id":"a"},{"id":"b"}]');
    expect(written.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: 'c-a',
      endCursor: 'c-b',
    });
    expect(counted).toBe(0);
    await expect(written.totalCount).resolves.toBe(7);
    expect(counted).toBe(1);
  });
});
