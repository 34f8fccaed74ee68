export * from './roles';
export * from './permissions';
export * from './limits';
export * from './domain';
export * from './calendar';
export * from './api-scopes';
export * from './events';
