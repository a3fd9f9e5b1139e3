import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule, loadOrCreateLocalSigningKey } from '@accord/access';
import { AppConfig, APP_CONFIG } from './config/app-config';
import { HealthController } from './health/health.controller';
import { ProblemFilter } from './http/problem.filter';
import { WriteRateLimit } from './http/write-rate-limit';
import { LedgerModule } from './ledger/ledger.module';
import { DecisionsModule } from './decisions/decisions.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PartnershipsModule } from './partnerships/partnerships.module';
import { Storage } from './storage/storage';
import { StorageModule } from './storage/storage.module';

@Module({})
export class AppModule {
  static create(config: AppConfig, storage: Storage): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // Health probes every few seconds would drown the log.
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
          },
        }),
        CqrsModule.forRoot(),
        StorageModule.forStorage(storage),
        AccessModule.forRootAsync({
          useFactory: async () => {
            const { issuer, audience, jwksUrl } = config.auth;
            if (jwksUrl) return { mode: 'jwks' as const, jwksUrl, issuer, audience };
            const key = await loadOrCreateLocalSigningKey(config.dataDir);
            return { mode: 'local' as const, publicKey: key.publicKey, issuer, audience };
          },
        }),
        LedgerModule,
        OrganisationsModule,
        PartnershipsModule,
        DecisionsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: WriteRateLimit },
      ],
    };
  }
}
