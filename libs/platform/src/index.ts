export * from './app-error';
export * from './private-key-file';
export * from './delay';
