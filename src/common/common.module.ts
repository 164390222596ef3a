import { Global, Module } from '@nestjs/common';
import { AccessService } from './access';

/** The access check every service starts with. */
@Global()
@Module({
  providers: [AccessService],
  exports: [AccessService],
})
export class CommonModule {}
