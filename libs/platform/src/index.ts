export * from './app-error';
export * from './private-key-file';
export * from './durable-file';
export * from './delay';
export * from './heap-growth';
export * from './once';
export * from './instant';
export * from './text';
