import {
  DateField,
  Edit,
  FunctionField,
  Labeled,
  SaveButton,
  SimpleForm,
  TextField,
  Toolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { intlLocale, useFormatDateTime, useLocale } from '../../i18n/format';
import { useApiFailureNotice } from '../../common/apiFailure';
import { ApiClientInputs, API_CLIENT_FORM_FIELDS } from './ApiClientForm';
import { ApiClientActions } from './ApiClientActions';
import { ApiClientUsage } from './ApiClientUsage';
import { useRecordRefusal } from '../../common/NotYours';

function ApiClientTitle() {
  const record = useRecordContext<{ name: string }>();
  const translate = useTranslate();
  return (
    <>
      {record
        ? translate('tl.apiClients.edit.title', { name: record.name })
        : translate('tl.apiClients.edit.titleEmpty')}
    </>
  );
}

interface Secret {
  id: string;
  createdAt: string;
  expiresAt: string | null;
}

/**
 * Edit name, description, scopes and addresses; rotate or revoke below, and see its use over the last days. The
 * secret itself is never shown here.
 */
export function ApiClientEdit() {
  const refusal = useRecordRefusal();
  const onError = useApiFailureNotice({ shownFields: [...API_CLIENT_FORM_FIELDS, 'allowedAddressesText'] });
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  const locales = intlLocale(useLocale());
  return (
    <Edit
      queryOptions={{ onError: refusal }}
      title={<ApiClientTitle />}
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
    >
      <SimpleForm
        sx={{ maxWidth: 720 }}
        toolbar={
          <Toolbar>
            <SaveButton />
          </Toolbar>
        }
      >
        <Labeled label="tl.apiClients.fields.clientId">
          <TextField source="clientId" sx={{ fontFamily: 'monospace' }} />
        </Labeled>
        <Labeled label="tl.apiClients.fields.lastUsed">
          <DateField source="lastUsedAt" showTime emptyText="tl.apiClients.edit.never" locales={locales} />
        </Labeled>
        <Labeled label="tl.apiClients.fields.secrets">
          <FunctionField
            render={(r: { secrets?: Secret[] }) =>
              (r.secrets ?? [])
                .map((s) =>
                  s.expiresAt
                    ? translate('tl.apiClients.edit.secretEnds', {
                        created: formatDateTime(s.createdAt),
                        ends: formatDateTime(s.expiresAt),
                      })
                    : translate('tl.apiClients.edit.secretCurrent', { created: formatDateTime(s.createdAt) }),
                )
                .join('; ') || translate('tl.apiClients.edit.none')
            }
          />
        </Labeled>
        <ApiClientInputs />
        <ApiClientActions />
      </SimpleForm>
      <ApiClientUsage />
    </Edit>
  );
}
