export * from './access.constants';
export * from './access.module';
export * from './auth.guard';
export * from './decorators';
