import { Module } from '@nestjs/common';
import { FeedHealthController } from './feed-health.controller';
import { FeedController } from './feed.controller';
import { FeedSessions } from './feed-sessions';

/** The HTTP side of the change feeds (the Kafka relay is a background job: kafka-relay.service.ts). */
@Module({
  controllers: [FeedController, FeedHealthController],
  providers: [FeedSessions],
  // The audit controller reads the same party directory (one cache per process).
  exports: [FeedSessions],
})
export class FeedsModule {}
