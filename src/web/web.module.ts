import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EditionsModule } from '../editions/editions.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { SaqModule } from '../saq/saq.module';
import { VerificationModule } from '../verification/verification.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountController } from './account/account.controller';
import { AdminController } from './admin/admin.controller';
import { EvidencePagesController } from './evidence/evidence-pages.controller';
import { JurorController } from './juror/juror.controller';
import { PpidController, PpidWorkerController } from './ppid/ppid.controller';
import { VerifierController } from './verifier/verifier.controller';
import { WorkbookUploadMiddleware } from './ppid/workbook-upload';
import { Pages } from './pages';
import { HomeController } from './public/home.controller';
import { WebCookies } from './web-cookies';
import { WebErrorFilter } from './web-errors';
import { WebGuard } from './web.guard';

/**
 * The web application (SPEC §11): pages in Bahasa Indonesia served by the same process as the
 * API, outside /api, calling the same services. One folder per role; templates beside their
 * controllers; assets in assets/.
 */
@Module({
  imports: [AuthModule, SessionsModule, EditionsModule, SaqModule, VerificationModule, EvidenceModule],
  controllers: [HomeController, AccountController, PpidWorkerController, PpidController, VerifierController, JurorController, AdminController, EvidencePagesController],
  providers: [Pages, WebCookies, WebGuard, WebErrorFilter],
  exports: [Pages, WebCookies, WebGuard, WebErrorFilter],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // the SAQ page's workbook form (SPEC §14): multipart, read before the guard checks its CSRF field
    consumer.apply(WorkbookUploadMiddleware).forRoutes({ path: 'ppid/:edition/kuesioner-excel', method: RequestMethod.POST });
  }
}
