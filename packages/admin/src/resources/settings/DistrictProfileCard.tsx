import { Alert, Card, CardContent, CardHeader } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import {
  AutocompleteInput,
  Form,
  SaveButton,
  SelectInput,
  TextInput,
  maxLength,
  required,
  useNotify,
  useTranslate,
} from 'react-admin';
import { Limits } from '@throughline/shared';
import { graphql } from '../../portal';
import { MONTHS, TIME_ZONES } from '../../common/districtChoices';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { graphqlQueryKey, useGraphqlQuery } from '../../common/useGraphqlQuery';

interface District {
  id: string;
  name: string;
  timezone: string;
  academicYearStartMonth: number;
  version: number;
}

const DISTRICT = `id name timezone academicYearStartMonth version`;
const QUERY = `{ currentDistrict { ${DISTRICT} } }`;
const FIELDS = ['name', 'timezone', 'academicYearStartMonth'];
const KEY = ['districtProfile'];

/** The district's own name, clock and school year. Its status is the platform operator's to change, not shown. */
export function DistrictProfileCard() {
  // Coming back to the tab does not reset a form being edited; a stale version is caught on save (a conflict).
  const { data, error, refetch } = useGraphqlQuery<{ currentDistrict: District | null }>(KEY, QUERY, undefined, {
    refetchOnWindowFocus: false,
  });
  const record = data?.currentDistrict ?? null;
  const queryClient = useQueryClient();
  const notify = useNotify();
  const translate = useTranslate();
  const onError = useApiFailureNotice({ shownFields: FIELDS, onReload: () => void refetch() });

  const submit = async (values: Record<string, unknown>) => {
    if (!record) return;
    const changes = Object.fromEntries(
      FIELDS.filter((f) => values[f] !== record[f as keyof District]).map((f) => [f, values[f]]),
    );
    if (!Object.keys(changes).length) return;
    try {
      const saved = await graphql<{ districtUpdate: { district: District; sessionsMoved: number } }>(
        `mutation($input: DistrictUpdateInput!) { districtUpdate(input: $input) { sessionsMoved district { ${DISTRICT} } } }`,
        { input: { id: record.id, version: record.version, ...changes } },
      );
      queryClient.setQueryData(graphqlQueryKey(KEY), { currentDistrict: saved.districtUpdate.district });
      const moved = saved.districtUpdate.sessionsMoved;
      notify(
        moved
          ? translate('tl.settings.profile.savedMoved', { smart_count: moved })
          : translate('tl.settings.profile.saved'),
        { type: 'success' },
      );
    } catch (e) {
      onError(e);
      return fieldErrorsOf(e) ?? {};
    }
  };

  return (
    <Card>
      <CardHeader
        title={translate('tl.settings.profile.title')}
        subheader={translate('tl.settings.profile.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0, maxWidth: 720 }}>
        {error && (
          <Alert severity="error">{translate('tl.settings.profile.readError', { message: error.message })}</Alert>
        )}
        {record && (
          <Form record={record} onSubmit={submit}>
            <TextInput
              source="name"
              label="tl.settings.profile.name"
              validate={[required(), maxLength(Limits.NAME_MAX)]}
            />
            <AutocompleteInput
              source="timezone"
              label="tl.settings.profile.timezone"
              choices={TIME_ZONES}
              validate={required()}
            />
            <SelectInput
              source="academicYearStartMonth"
              label="tl.settings.profile.yearStart"
              choices={MONTHS}
              validate={required()}
            />
            <SaveButton label="tl.settings.profile.save" />
          </Form>
        )}
      </CardContent>
    </Card>
  );
}
