import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandSender } from '../http/command-sender';
import { MeetingsController } from './http/meetings.controller';

@Module({
  imports: [CqrsModule],
  controllers: [MeetingsController],
  providers: [CommandSender],
})
export class MeetingsModule {}
