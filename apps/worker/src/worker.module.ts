import { DynamicModule, Module } from '@nestjs/common';
import { BackgroundModule } from '@accord/server';
import { AppConfig } from '@accord/server';
import { CoreModule } from '@accord/server';
import { Storage } from '@accord/server';

/** The worker: the API's background jobs without its HTTP side. */
@Module({})
export class WorkerModule {
  static create(config: AppConfig, storage: Storage): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.create(config, storage), BackgroundModule] };
  }
}
