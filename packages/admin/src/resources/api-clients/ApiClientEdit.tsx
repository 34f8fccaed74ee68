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
} from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { ApiClientInputs, API_CLIENT_FORM_FIELDS } from './ApiClientForm';
import { ApiClientActions } from './ApiClientActions';
import { ApiClientUsage } from './ApiClientUsage';
import { useRecordRefusal } from '../../common/NotYours';

function ApiClientTitle() {
  const record = useRecordContext<{ name: string }>();
  return <>{record ? `API client: ${record.name}` : 'API client'}</>;
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
        <Labeled label="Client id">
          <TextField source="clientId" sx={{ fontFamily: 'monospace' }} />
        </Labeled>
        <Labeled label="Last used">
          <DateField source="lastUsedAt" showTime emptyText="Never" />
        </Labeled>
        <Labeled label="Working secrets">
          <FunctionField
            render={(r: { secrets?: Secret[] }) =>
              (r.secrets ?? [])
                .map((s) =>
                  s.expiresAt
                    ? `created ${new Date(s.createdAt).toLocaleString()}, ends ${new Date(s.expiresAt).toLocaleString()}`
                    : `current, created ${new Date(s.createdAt).toLocaleString()}`,
                )
                .join('; ') || 'None'
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
