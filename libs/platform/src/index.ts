export * from './app-error';
export * from './private-key-file';
