import { DynamicModule, Module } from '@nestjs/common';
import { BackgroundModule } from '../../api/src/background/background.module';
import { AppConfig } from '../../api/src/config/app-config';
import { CoreModule } from '../../api/src/core.module';
import { Storage } from '../../api/src/storage/storage';

/** The worker: the API's background jobs without its HTTP side. */
@Module({})
export class WorkerModule {
  static create(config: AppConfig, storage: Storage): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.create(config, storage), BackgroundModule] };
  }
}
