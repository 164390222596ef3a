import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig } from './common/config';
import { ErrorFilter } from './common/error.filter';
import { refuseDeepJson } from './common/json-depth';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation-options';

export const API_PREFIX = 'api';

/**
 * Everything the HTTP application needs besides its modules, in one place for `npm start` and the
 * end-to-end tests alike: the safety headers, the /api prefix, JSON limits (size, UTF-8, depth),
 * the validation pipe, the error filter and the OpenAPI document at /api/docs. Stopping on a
 * signal is main.ts's (graceful-shutdown.ts), so tests and the server stop alike by app.close().
 */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.set('env', app.get<AppConfig>(APP_CONFIG).production ? 'production' : 'development');
  express.use(securityHeaders(API_PREFIX));
  express.useBodyParser('json', { limit: '2mb', verify: refuseDeepJson });
  express.disable('x-powered-by');
  express.set('trust proxy', app.get<AppConfig>(APP_CONFIG).trustProxy);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('monev-kip')
      .setDescription(
        'Monitoring dan Evaluasi Keterbukaan Informasi Publik: SAQ, verifikasi, sanggah, uji publik and results. ' +
          'Errors are {statusCode, error, message}; log in with POST /api/auth/login and send Authorization: Bearer <token>.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs/json` });
  return app;
}

/** The application as `npm start` runs it. */
export async function createApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: false });
  return configureApp(app);
}
