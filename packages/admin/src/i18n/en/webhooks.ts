/** The webhooks page (resources/webhooks): endpoints, signing secrets, deliveries. */
export default {
  menu: 'Webhooks',
  page: {
    title: 'Webhooks',
    intro:
      'Each delivery is a signed POST (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) carrying ids and facts only, never notes or reflections. Failed deliveries are retried for a day; an endpoint that keeps failing is disabled.',
    newEndpoint: 'New endpoint',
    empty: 'No endpoints yet.',
  },
  /** Each event type's description, by its name (`session.held` is events.session.held); the API's words otherwise. */
  events: {
    session: {
      scheduled: 'A session was added to a conversation',
      held: 'A session was logged as held',
      rescheduled: 'An upcoming session was moved to another time',
      cancelled: 'A session was cancelled',
      missed: 'A session was neither held nor cancelled by the end of its grace period',
    },
    action: { completed: 'An action item was marked done' },
    strategy: { updated: 'A strategy was changed' },
    conversation: {
      created: 'A learning conversation was planned, with its sessions',
      updated: 'A learning conversation was changed',
    },
    staff: { deactivated: 'A person was deactivated' },
  },
  endpoint: {
    enabledDone: 'Endpoint enabled',
    disabledDone: 'Endpoint disabled',
    rotateConfirm: 'Rotate the signing secret? The old one keeps signing beside the new one for 24 hours.',
    rotated: 'Secret rotated',
    deleteConfirm: 'Delete the endpoint %{url} and its delivery history?',
    deleted: 'Endpoint deleted',
    failures: '%{smart_count} failed attempts in a row',
    previousSecret: 'The previous secret also signs until %{date}.',
    enabled: 'Enabled',
    disabled: 'Disabled',
    edit: 'Edit',
    rotate: 'Rotate secret',
    delete: 'Delete',
    deliveries: 'Deliveries',
    hideDeliveries: 'Hide deliveries',
  },
  dialog: {
    editTitle: 'Edit webhook endpoint',
    newTitle: 'New webhook endpoint',
    url: 'URL',
    urlHelp: 'https://… (plain http only to 127.0.0.1 or localhost, outside production)',
    description: 'Description',
    eventType: '%{name} — %{description}',
    cancel: 'Cancel',
    save: 'Save',
  },
  secret: {
    title: 'Copy the signing secret now',
    warning:
      'This is the only time the secret is shown. Your receiver verifies each delivery with it (Standard Webhooks). If it is lost, rotate it.',
    label: 'Signing secret',
    copy: 'Copy',
    stored: 'I have stored it',
  },
  deliveries: {
    requeued: 'Delivery queued again (same webhook-id)',
    empty: 'No deliveries yet.',
    tableLabel: 'Deliveries',
    columns: {
      event: 'Event',
      state: 'State',
      statusCode: 'Status code',
      attempts: 'Attempts',
      lastError: 'Last error',
      createdAt: 'Created',
    },
    states: { PENDING: 'PENDING', SUCCEEDED: 'SUCCEEDED', FAILED: 'FAILED' },
    webhookId: 'webhook-id %{id}',
    redeliver: 'Redeliver',
  },
};
