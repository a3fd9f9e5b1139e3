import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessModule, loadOrCreateLocalSigningKey } from '@accord/access';
import { AuditModule } from './audit/audit.module';
import { BackgroundModule } from '@accord/server';
import { AppConfig } from '@accord/server';
import { ConsoleModule } from './console/console.module';
import { CoreModule } from '@accord/server';
import { DecisionsModule } from './decisions/decisions.module';
import { FeedsModule } from './feeds/feeds.module';
import { MeetingsModule } from './meetings/meetings.module';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { EdgeGuard } from './http/edge-guard';
import { ProblemFilter } from './http/problem.filter';
import { PersonalDataInterceptor } from './http/personal-data.interceptor';
import { EdgeModule } from './http/edge.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PartnershipsModule } from './partnerships/partnerships.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { Storage } from '@accord/server';

@Module({})
export class AppModule {
  static create(config: AppConfig, storage: Storage): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.create(config, storage),
        AccessModule.forRootAsync({
          globalGuard: false, // EdgeGuard runs AuthGuard, then the write limit
          useFactory: async () => {
            const { issuer, audience, jwksUrl, clockToleranceSeconds } = config.auth;
            if (jwksUrl) return { mode: 'jwks' as const, jwksUrl, issuer, audience, clockToleranceSeconds };
            const key = await loadOrCreateLocalSigningKey(config.dataDir);
            return { mode: 'local' as const, publicKey: key.publicKey, issuer, audience, clockToleranceSeconds };
          },
        }),
        EdgeModule,
        OrganisationsModule,
        PartnershipsModule,
        DecisionsModule,
        MeetingsModule,
        FeedsModule,
        ReadModelsModule,
        AuditModule,
        ConsoleModule,
        ...(config.backgroundJobs === 'in-process' ? [BackgroundModule] : []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: EdgeGuard },
        { provide: APP_INTERCEPTOR, useClass: PersonalDataInterceptor },
      ],
    };
  }
}
