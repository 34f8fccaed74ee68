import { NAMED_TEXTS_MAX, statementName } from '../prepared';

describe('statement names', () => {
  it('the same text has the same name; past NAMED_TEXTS_MAX texts a new one is sent unnamed, known ones stay named', () => {
    const first = statementName('SELECT 1');
    expect(first).toMatch(/^tl_[A-Za-z0-9_-]{32}$/);
    expect(statementName('SELECT 1')).toBe(first);
    for (let i = 2; i <= NAMED_TEXTS_MAX; i++) expect(statementName(`SELECT ${i}`)).not.toBeNull();
    expect(statementName(`SELECT ${NAMED_TEXTS_MAX + 1}`)).toBeNull();
    expect(statementName('SELECT 1')).toBe(first);
  });
});
