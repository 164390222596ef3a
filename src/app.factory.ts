import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import { dirname } from 'path';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig } from './common/config';
import { ErrorFilter } from './common/error.filter';
import { refuseDeepJson } from './common/json-depth';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation-options';
import { ASSETS_DIR, HTMX_FILE } from './web/pages';
import { WebErrorFilter } from './web/web-errors';
import { isWebPath, WEB_ROUTES } from './web/web-routes';
import { parseCookies, SESSION_COOKIE } from './web/web-session';

export const API_PREFIX = 'api';

/**
 * Everything the HTTP application needs besides its modules, in one place for `npm start` and the
 * end-to-end tests alike: the safety headers, the /api prefix, JSON limits (size, UTF-8, depth),
 * the validation pipe, the error filter and the OpenAPI document at /api/docs; the web pages
 * (src/web/) outside the prefix, with their assets, form bodies and compression. Stopping on a
 * signal is main.ts's (graceful-shutdown.ts), so tests and the server stop alike by app.close().
 */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.set('env', app.get<AppConfig>(APP_CONFIG).production ? 'production' : 'development');
  express.use(securityHeaders(API_PREFIX, isWebPath, (cookie) => SESSION_COOKIE in parseCookies(cookie)));
  // pages and large JSON go out compressed (the SAQ page's budget, SPEC §11); small answers are left as they are
  express.use(compression());
  express.useBodyParser('json', { limit: '2mb', verify: refuseDeepJson });
  express.useBodyParser('urlencoded', { limit: '256kb', extended: false, parameterLimit: 2000 });
  // the pages' assets, linked with a content hash (?v=…): kept by browsers for a year
  const assets = { prefix: '/aset/', index: false as const, maxAge: '365d', immutable: true, fallthrough: true };
  express.useStaticAssets(ASSETS_DIR, assets);
  express.useStaticAssets(dirname(HTMX_FILE), assets);
  express.disable('x-powered-by');
  express.set('trust proxy', app.get<AppConfig>(APP_CONFIG).trustProxy);
  app.setGlobalPrefix(API_PREFIX, { exclude: WEB_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  // errors outside any web controller (an unknown page) are still answered as a page
  app.useGlobalFilters(new ErrorFilter(app.get(WebErrorFilter), isWebPath));
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
