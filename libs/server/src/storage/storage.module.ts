import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, PersonalDataCipher } from '@accord/event-store';
import { Storage } from './storage';

@Global()
@Module({})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(Storage) private readonly storage: Storage) {}

  static forStorage(storage: Storage): DynamicModule {
    return {
      module: StorageModule,
      providers: [
        { provide: Storage, useValue: storage },
        { provide: EVENT_STORE, useValue: storage.store },
        { provide: PersonalDataCipher, useValue: storage.personalData },
      ],
      exports: [Storage, EVENT_STORE, PersonalDataCipher],
    };
  }

  /** Runs after the HTTP server has closed, so no request is cut off mid-query. */
  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
