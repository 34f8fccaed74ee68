import { AutocompleteArrayInput, TextInput, maxLength, required } from 'react-admin';
import { Limits } from '@throughline/shared';
import { SCOPE_CHOICES } from './scopes';

export const API_CLIENT_FORM_FIELDS = ['name', 'description', 'scopes', 'allowedAddresses'];

/** The fields create and edit share: name, description, scopes and allowed addresses (one CIDR block a line). */
export function ApiClientInputs() {
  return (
    <>
      <TextInput source="name" validate={[required(), maxLength(Limits.NAME_MAX)]} fullWidth />
      <TextInput source="description" multiline minRows={2} fullWidth validate={maxLength(2000)} />
      <AutocompleteArrayInput
        source="scopes"
        choices={SCOPE_CHOICES}
        validate={required()}
        fullWidth
        helperText="What its tokens may do; confidential notes and reflections are never readable by a client"
      />
      <TextInput
        source="allowedAddressesText"
        label="Allowed client addresses"
        multiline
        minRows={2}
        fullWidth
        helperText="CIDR blocks or addresses, one a line (e.g. 203.0.113.0/24); empty: any address"
      />
    </>
  );
}
