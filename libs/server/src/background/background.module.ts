import { Module } from '@nestjs/common';
import { AuditKeys } from './audit-keys';
import { AuditSealerService } from './audit-sealer.service';
import { ClosingTimeScheduler } from './closing-time-scheduler';
import { KafkaRelayService } from './kafka-relay.service';
import { MeetingVoteCounter } from './meeting-vote-counter';
import { ProjectionRunners } from './projection-runners';
import { ReadModelCheckService } from './read-model-check.service';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WitnessSubmitterService } from './witness-submitter.service';

/**
 * Work that follows the log rather than answering requests: the projections, the audit sealer,
 * the witness submitter, the closing-time scheduler, the count of meeting votes a crash left
 * uncounted, the Kafka relay, webhook delivery and the
 * scheduled check of the read models against the log. The API runs it in-process by default
 * (BACKGROUND_JOBS=in-process); at scale set BACKGROUND_JOBS=off on the API and run apps/worker.
 */
@Module({
  providers: [
    KafkaRelayService,
    ClosingTimeScheduler,
    { provide: 'CLOSING_TIME_TICK_MS', useValue: 250 },
    MeetingVoteCounter,
    { provide: 'MEETING_VOTE_COUNT_GRACE_MS', useValue: 2000 },
    AuditKeys,
    AuditSealerService,
    ProjectionRunners,
    WebhookDeliveryService,
    WitnessSubmitterService,
    ReadModelCheckService,
  ],
})
export class BackgroundModule {}
