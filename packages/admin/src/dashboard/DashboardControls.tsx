import { MenuItem, Stack, TextField } from '@mui/material';
import { useStore, useTranslate } from 'react-admin';
import { session as portalSession } from '../portal';
import { districtToday } from '../common/when';
import { WINDOW_LABELS, windowOf, type DayWindow, type WindowChoice, type WindowKind } from './schoolYear';
import type { DashboardRole } from './roles';

/** The window every dashboard is taken over, chosen once and kept (react-admin's store, in this browser). */
export function useDashboardWindow(): {
  choice: WindowChoice;
  setChoice: (c: WindowChoice) => void;
  window: DayWindow | null;
} {
  const [choice, setChoice] = useStore<WindowChoice>('dashboard.window', { kind: 'YEAR' });
  const startMonth = portalSession.viewer?.district?.academicYearStartMonth ?? 8;
  return { choice, setChoice, window: windowOf(choice, startMonth, districtToday()) };
}

/** The schools the person holds this role at, in the order of their assignments, each once. */
export function schoolsOf(role: DashboardRole): { id: string; name: string }[] {
  const seen = new Map<string, { id: string; name: string }>();
  for (const a of portalSession.viewer?.roleAssignments ?? [])
    if (a.role === role && a.school && !seen.has(a.school.id)) seen.set(a.school.id, a.school);
  return [...seen.values()];
}

/** The school a coach's or school leader's dashboard shows: their choice among their schools, kept, or the first. */
export function useDashboardSchool(role: DashboardRole): {
  school: { id: string; name: string } | null;
  schools: { id: string; name: string }[];
  setSchoolId: (id: string) => void;
} {
  const schools = schoolsOf(role);
  const [schoolId, setSchoolId] = useStore<string | null>(`dashboard.school.${role}`, null);
  return { school: schools.find((s) => s.id === schoolId) ?? schools[0] ?? null, schools, setSchoolId };
}

const field = { minWidth: { xs: '100%', sm: 180 } };

/** The dashboard's controls: the window (this term, this month, the school year, chosen days) and the school. */
export function DashboardControls({
  choice,
  setChoice,
  schools,
  school,
  setSchoolId,
}: {
  choice: WindowChoice;
  setChoice: (c: WindowChoice) => void;
  schools?: { id: string; name: string }[];
  school?: { id: string; name: string } | null;
  setSchoolId?: (id: string) => void;
}) {
  const today = districtToday();
  const translate = useTranslate();
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2, flexWrap: 'wrap' }} useFlexGap>
      {schools && schools.length > 1 && school && setSchoolId && (
        <TextField
          select
          size="small"
          label={translate('resources.schools.name', { smart_count: 1 })}
          value={school.id}
          onChange={(e) => setSchoolId(e.target.value)}
          sx={field}
        >
          {schools.map((s) => (
            <MenuItem key={s.id} value={s.id} sx={{ minHeight: 44 }}>
              {s.name}
            </MenuItem>
          ))}
        </TextField>
      )}
      <TextField
        select
        size="small"
        label={translate('tl.dashboard.window.label')}
        value={choice.kind}
        onChange={(e) => {
          const kind = e.target.value as WindowKind;
          setChoice(
            kind === 'CUSTOM'
              ? { kind, from: choice.from ?? `${today.slice(0, 7)}-01`, to: choice.to ?? today }
              : { kind },
          );
        }}
        sx={field}
      >
        {(Object.keys(WINDOW_LABELS) as WindowKind[]).map((k) => (
          <MenuItem key={k} value={k} sx={{ minHeight: 44 }}>
            {WINDOW_LABELS[k]}
          </MenuItem>
        ))}
      </TextField>
      {choice.kind === 'CUSTOM' && (
        <>
          <TextField
            type="date"
            size="small"
            label={translate('tl.dashboard.window.from')}
            value={choice.from ?? ''}
            onChange={(e) => setChoice({ ...choice, from: e.target.value })}
            slotProps={{ inputLabel: { shrink: true } }}
            sx={field}
          />
          <TextField
            type="date"
            size="small"
            label={translate('tl.dashboard.window.to')}
            value={choice.to ?? ''}
            onChange={(e) => setChoice({ ...choice, to: e.target.value })}
            error={Boolean(choice.from && choice.to && choice.from > choice.to)}
            helperText={
              choice.from && choice.to && choice.from > choice.to
                ? translate('tl.dashboard.window.backwards')
                : undefined
            }
            slotProps={{ inputLabel: { shrink: true } }}
            sx={field}
          />
        </>
      )}
    </Stack>
  );
}
