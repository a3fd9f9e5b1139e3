import { Module } from '@nestjs/common';
import { FeedsModule } from '../feeds/feeds.module';
import { AuditKeys } from '@accord/server';
import { AuditController } from './http/audit.controller';
import { WitnessHealthController } from './http/witness-health.controller';

/** HTTP side of the verifiable log; the sealer itself runs with the background jobs. */
@Module({
  imports: [FeedsModule],
  controllers: [AuditController, WitnessHealthController],
  providers: [AuditKeys],
})
export class AuditModule {}
