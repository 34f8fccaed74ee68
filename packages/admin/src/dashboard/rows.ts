/** One row of "Schools by held rate": a scope's due, held and missed sessions over the window. */
export type Row = { due: number; held: number; missed: number; heldRate: number | null };

/** What is left of the district's funnel once every school's is taken out: the district-wide conversations. */
export function districtWideRow(district: Row | undefined, schools: (Row | undefined)[]): Row | null {
  if (!district || schools.some((s) => !s)) return null;
  const sum = (k: 'due' | 'held' | 'missed') => schools.reduce((n, s) => n + (s as Row)[k], 0);
  const due = district.due - sum('due');
  const held = district.held - sum('held');
  return { due, held, missed: district.missed - sum('missed'), heldRate: due > 0 ? held / due : null };
}
