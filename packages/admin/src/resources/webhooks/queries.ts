/** The GraphQL the Webhooks page sends (district admins: WEBHOOK_MANAGE). */
export const ENDPOINT_FIELDS = `id url description eventTypes enabled disabledReason consecutiveFailures previousSecretExpiresAt version createdAt`;

export const WEBHOOKS_QUERY = `{
  webhookEventTypes { name description }
  webhookEndpoints(first: 100) { nodes { ${ENDPOINT_FIELDS} } }
}`;

export const DELIVERIES_QUERY = `query($id: ID!) {
  webhookDeliveries(endpointId: $id, first: 50) {
    nodes { id webhookId eventType state attemptCount lastStatusCode lastError lastAttemptAt nextAttemptAt createdAt }
  }
}`;

export const CREATE = `mutation($i: WebhookEndpointCreateInput!) { webhookEndpointCreate(input: $i) { secret endpoint { id } } }`;
export const UPDATE = `mutation($i: WebhookEndpointUpdateInput!) { webhookEndpointUpdate(input: $i) { endpoint { id version } } }`;
export const ROTATE = `mutation($i: WebhookEndpointIdInput!) { webhookEndpointRotateSecret(input: $i) { secret endpoint { id } } }`;
export const DELETE = `mutation($i: WebhookEndpointIdInput!) { webhookEndpointDelete(input: $i) { deletedId } }`;
export const REDELIVER = `mutation($i: WebhookRedeliverInput!) { webhookRedeliver(input: $i) { delivery { id state } } }`;

export interface EventTypeInfo {
  name: string;
  description: string;
}

export interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  previousSecretExpiresAt: string | null;
  version: number;
  createdAt: string;
}

export interface Delivery {
  id: string;
  webhookId: string;
  eventType: string;
  state: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}
