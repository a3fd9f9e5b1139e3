import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LogController } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppConfig, createLogger } from '@accord/server';
import { AppModule } from './app.module';
import { logRequests } from './logging/access-log';
import { PinoNestLogger } from '@accord/server';
import { serveConsole } from './console/serve-console';
import { validationPipe } from './http/validation';
import { acceptJsonBodiesOnly } from './http/json-body';
import { edgeHooks } from './http/edge-hooks';
import { answerFrameworkError } from './http/framework-errors';
import { Storage } from '@accord/server';

/**
 * Builds the API on the given configuration: storage first (embedded PostgreSQL when no
 * DATABASE_URL), then Nest on Fastify. Used by main.ts and by the end-to-end tests, so they
 * exercise exactly what `npm start` runs; `logTo` takes the log's lines instead of stdout.
 */
export async function createApp(config: AppConfig, logTo?: DestinationStream): Promise<NestFastifyApplication> {
  const bootLog = createLogger(config.logLevel, 'accord', logTo);
  const storage = await Storage.open(config, {
    info: (m) => bootLog.info(m),
    warn: (m) => bootLog.warn(m),
    debug: (m) => bootLog.debug(m),
  });
  try {
    const adapter = new FastifyAdapter({
      bodyLimit: config.bodyLimitBytes,
      trustProxy: false,
      loggerInstance: bootLog,
      logController: new LogController({ disableRequestLogging: true }),
      frameworkErrors: answerFrameworkError,
    });
    const fastify = adapter.getInstance();
    logRequests(fastify);
    edgeHooks(fastify);
    acceptJsonBodiesOnly(fastify, config.bodyLimitBytes);
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.create(config, storage), adapter, {
      bufferLogs: true,
      bodyParser: false, // acceptJsonBodiesOnly is the one parser
    });
    app.useLogger(new PinoNestLogger(bootLog));
    app.useGlobalPipes(validationPipe());
    // Exiting (not re-raising the signal) lets the log's transport write its last lines.
    app.enableShutdownHooks(undefined, { useProcessExit: true });

    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Accord API')
        .setDescription(
          'Decision ledger for council and housing-association partnerships. Errors are RFC 9457 problems with a stable `code`.',
        )
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
