import { AutocompleteArrayInput, TextInput, maxLength, required, useTranslate } from 'react-admin';
import { Limits } from '@throughline/shared';
import { scopeChoices } from './scopes';

export const API_CLIENT_FORM_FIELDS = ['name', 'description', 'scopes', 'allowedAddresses'];

/** The fields create and edit share: name, description, scopes and allowed addresses (one CIDR block a line). */
export function ApiClientInputs() {
  const translate = useTranslate();
  return (
    <>
      <TextInput
        source="name"
        label="tl.apiClients.fields.name"
        validate={[required(), maxLength(Limits.NAME_MAX)]}
        fullWidth
      />
      <TextInput
        source="description"
        label="tl.apiClients.fields.description"
        multiline
        minRows={2}
        fullWidth
        validate={maxLength(2000)}
      />
      <AutocompleteArrayInput
        source="scopes"
        label="tl.apiClients.fields.scopes"
        choices={scopeChoices(translate)}
        translateChoice={false}
        validate={required()}
        fullWidth
        helperText="tl.apiClients.fields.scopesHelp"
      />
      <TextInput
        source="allowedAddressesText"
        label="tl.apiClients.fields.addresses"
        multiline
        minRows={2}
        fullWidth
        helperText="tl.apiClients.fields.addressesHelp"
      />
    </>
  );
}
