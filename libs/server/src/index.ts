// Server composition shared by the API and the worker: configuration, storage, logging, the
// ledger (the one write path) and the Nest modules both stand on.
export * from './background/audit-keys';
export * from './background/webhook-delivery.service';
export * from './background/webhook-keys';
export * from './background/background.module';
export * from './config/app-config';
export * from './core.module';
export * from './ledger/aggregate-states';
export * from './ledger/command-context';
export * from './ledger/ledger-command';
export * from './ledger/ledger.service';
export * from './ledger/personal-data-eraser';
export * from './ledger/standing';
export * from './logging/create-logger';
export * from './logging/pino-nest-logger';
export * from './storage/migrations';
export * from './storage/storage';
