import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from './config/app-config';
import { AppModule } from './app.module';
import { serveConsole } from './console/serve-console';
import { validationPipe } from './http/validation';
import { Storage } from './storage/storage';

/**
 * Builds the API on the given configuration: storage first (embedded PostgreSQL when no
 * DATABASE_URL), then Nest on Fastify. Used by main.ts and by the end-to-end tests, so they
 * exercise exactly what `npm start` runs.
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const bootLog = pino({ level: config.logLevel, name: 'accord' });
  const storage = await Storage.open(config, {
    info: (m) => bootLog.info(m),
    warn: (m) => bootLog.warn(m),
    debug: (m) => bootLog.debug(m),
  });
  try {
    const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, trustProxy: false });
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.create(config, storage), adapter, { bufferLogs: true });
    const logger = app.get(Logger);
    app.useLogger(logger);
    app.useGlobalPipes(validationPipe());
    app.enableShutdownHooks();

    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Accord API')
        .setDescription('Decision ledger for council and housing-association partnerships. Errors are RFC 9457 problems with a stable `code`.')
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
    await serveConsole(app, config);
    return app;
  } catch (err) {
    await storage.close();
    throw err;
  }
}
