import { csvCell, toCsv, col } from '../../packages/admin/src/common/csv';
import { districtWideRow } from '../../packages/admin/src/dashboard/rows';
import { monthToDate, schoolYearToDate, termToDate, windowOf } from '../../packages/admin/src/dashboard/schoolYear';

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would read as a formula (= + - @ tab CR)', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('Ana Ruiz')).toBe('Ana Ruiz');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['x', '=y'])).toBe('x; =y');
    expect(csvCell(0.5)).toBe('0.5');
  });

  it('writes a header and one CRLF line per record, only the named columns', () => {
    const rows = [{ id: 1, name: '=evil', notes: 'confidential' }];
    expect(toCsv([col<(typeof rows)[0]>('Name', (r) => r.name)], rows)).toBe("Name\r\n'=evil\r\n");
  });
});

describe('dashboard windows and rows', () => {
  it('school year, term and month to date', () => {
    expect(schoolYearToDate(8, '2026-10-05')).toEqual({ from: '2026-08-01', to: '2026-10-05' });
    expect(termToDate(8, '2026-10-05')).toEqual({ from: '2026-08-01', to: '2026-10-05' });
    expect(termToDate(8, '2027-02-10')).toEqual({ from: '2027-01-01', to: '2027-02-10' });
    expect(monthToDate('2027-02-10')).toEqual({ from: '2027-02-01', to: '2027-02-10' });
    expect(windowOf({ kind: 'CUSTOM', from: '2026-09-01', to: '2026-09-30' }, 8)).toEqual({
      from: '2026-09-01',
      to: '2026-09-30',
    });
    expect(windowOf({ kind: 'CUSTOM', from: '2026-09-30', to: '2026-09-01' }, 8)).toBeNull();
  });

  it('district-wide conversations are what the district holds beyond its schools', () => {
    const row = (due: number, held: number, missed: number) => ({
      due,
      held,
      missed,
      heldRate: due ? held / due : null,
    });
    expect(districtWideRow(row(30, 20, 8), [row(10, 8, 2), row(12, 7, 4)])).toEqual({
      due: 8,
      held: 5,
      missed: 2,
      heldRate: 5 / 8,
    });
    expect(districtWideRow(row(10, 8, 2), [row(10, 8, 2)])!.heldRate).toBeNull();
    expect(districtWideRow(row(10, 8, 2), [undefined])).toBeNull();
  });
});
