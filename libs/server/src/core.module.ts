import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { WebhookKeys } from './background/webhook-keys';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { LedgerModule } from './ledger/ledger.module';
import { Storage } from './storage/storage';
import { StorageModule } from './storage/storage.module';

/** What both the API and the worker stand on: config, storage, the CQRS buses and the ledger. */
@Global()
@Module({})
export class CoreModule {
  static create(config: AppConfig, storage: Storage): DynamicModule {
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot(), StorageModule.forStorage(storage), LedgerModule],
      providers: [{ provide: APP_CONFIG, useValue: config }, WebhookKeys],
      exports: [APP_CONFIG, WebhookKeys],
    };
  }
}
