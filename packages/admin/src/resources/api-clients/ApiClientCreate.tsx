import { Card, CardContent } from '@mui/material';
import { useState } from 'react';
import { SaveButton, SimpleForm, Title, Toolbar, useRedirect } from 'react-admin';
import { graphql } from '../../portal';
import { useApiFailureNotice } from '../../common/apiFailure';
import { ApiClientInputs, API_CLIENT_FORM_FIELDS } from './ApiClientForm';
import { addressesFromText } from './scopes';
import { SecretOnce } from './SecretOnce';

const CREATE = `mutation($i: ApiClientCreateInput!) { apiClientCreate(input: $i) { clientId clientSecret apiClient { id } } }`;

interface Created {
  apiClientCreate: { clientId: string; clientSecret: string; apiClient: { id: string } };
}

/**
 * Creating a client answers its secret once: not through the data provider (which keeps records, and a secret must
 * not sit in a cache), but in a dialog that says so, with a copy button. Closing it goes to the client's page.
 */
export function ApiClientCreate() {
  const redirect = useRedirect();
  const onError = useApiFailureNotice({ shownFields: API_CLIENT_FORM_FIELDS });
  const [created, setCreated] = useState<Created['apiClientCreate'] | null>(null);
  const save = async (values: Record<string, unknown>) => {
    try {
      const result = await graphql<Created>(CREATE, {
        i: {
          name: values.name,
          description: values.description || null,
          scopes: values.scopes ?? [],
          allowedAddresses: addressesFromText(values.allowedAddressesText),
        },
      });
      setCreated(result.apiClientCreate);
    } catch (error) {
      onError(error);
    }
  };
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="tl.apiClients.create.title" />
      <CardContent>
        <SimpleForm
          onSubmit={save}
          sx={{ maxWidth: 720 }}
          toolbar={
            <Toolbar>
              <SaveButton label="tl.apiClients.create.submit" />
            </Toolbar>
          }
        >
          <ApiClientInputs />
        </SimpleForm>
        <SecretOnce
          clientId={created?.clientId ?? ''}
          secret={created?.clientSecret ?? null}
          onClose={() => {
            const id = created?.apiClient.id;
            setCreated(null);
            redirect('edit', 'apiClients', id);
          }}
        />
      </CardContent>
    </Card>
  );
}
