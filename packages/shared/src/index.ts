export * from './roles';
export * from './permissions';
export * from './limits';
export * from './domain';
