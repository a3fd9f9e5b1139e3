import { randomUUID } from 'node:crypto';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@accord/access';
import { CommandResponse } from '@accord/server';
import { CommandEndpoint } from '../../http/command-endpoint';
import { CommandSender } from '../../http/command-sender';
import { CallerCheckedAtCommit } from '../../http/current-members';
import { CommandCall, CommandInput } from '../../http/command-input';
import { OccurredAtDto, when } from '../../http/occurred-at';
import {
  ApproveMinutesDto,
  CorrectMeetingRecordDto,
  DisputeRecordDto,
  CastingVoteDto,
  DraftMinutesDto,
  MeetingReasonDto,
  RecordAttendanceDto,
  RecordInterestDto,
  RecordVotesDto,
  ScheduleMeetingDto,
} from './meeting.dtos';

/** Instants as the ledger keeps them (UTC), whatever offset the caller wrote. */
const utc = (instant: string): string => new Date(instant).toISOString();

/**
 * Board meetings (DESIGN §1 "Meetings"). Every command is the clerk's: a current member of a
 * party to the meeting's partnership whose organisation granted them the `clerk` role in the
 * ledger (the token's role alone is not enough). Records of what happened take `occurredAt`.
 */
@ApiTags('meetings')
@Controller('v1')
@Roles('clerk')
@CallerCheckedAtCommit()
export class MeetingsController {
  constructor(private readonly sender: CommandSender) {}

  @Post('partnerships/:partnershipId/meetings')
  @CommandEndpoint({
    status: 201,
    location: '/v1/meetings/{meetingId}',
    summary: 'Schedule a board meeting: when, where, the agenda and its papers’ SHA-256. Who: a clerk of a party.',
  })
  schedule(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: ScheduleMeetingDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    const meetingId = dto.meetingId ?? randomUUID();
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'ScheduleMeeting',
      ...dto,
      partnershipId,
      meetingId,
      startsAt: utc(dto.startsAt),
      ...when(dto),
    });
  }

  @Post('meetings/:meetingId/notice')
  @CommandEndpoint({
    summary:
      'Publish the notice and agenda; refused later than the terms’ clear working days before the meeting (default 5, bank holidays counted out). Who: a clerk.',
  })
  publishNotice(@Param('meetingId') meetingId: string, @Body() dto: OccurredAtDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'meeting', meetingId, { type: 'PublishMeetingNotice', meetingId, ...when(dto) });
  }

  @Post('meetings/:meetingId/attendance')
  @CommandEndpoint({
    summary:
      'Record who was present, sent apologies or was absent (and named substitutes); the quorum follows. Who: a clerk.',
  })
  attendance(
    @Param('meetingId') meetingId: string,
    @Body() dto: RecordAttendanceDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'RecordAttendance',
      meetingId,
      attendance: dto.attendance,
      ...when(dto),
    });
  }

  @Post('meetings/:meetingId/interests')
  @CommandEndpoint({
    status: 201,
    summary: 'Record an interest a present member declared at the meeting. Who: a clerk.',
  })
  interest(@Param('meetingId') meetingId: string, @Body() dto: RecordInterestDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'RecordMeetingInterest',
      meetingId,
      ...dto,
      ...when(dto),
    });
  }

  @Post('meetings/:meetingId/items/:itemId/votes')
  @CommandEndpoint({
    status: 201,
    summary:
      'Record the present members’ votes on an agenda item, all or none; refused at an inquorate meeting. Who: a clerk (the member is the voter).',
  })
  votes(
    @Param('meetingId') meetingId: string,
    @Param('itemId') itemId: string,
    @Body() dto: RecordVotesDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'RecordVotes',
      meetingId,
      itemId,
      method: dto.method,
      votes: dto.votes,
      ...when(dto),
    });
  }

  @Post('meetings/:meetingId/items/:itemId/casting-vote')
  @CommandEndpoint({
    status: 201,
    summary: 'Record the chair’s casting vote on a tie, where the terms give one. Who: a clerk.',
  })
  castingVote(
    @Param('meetingId') meetingId: string,
    @Param('itemId') itemId: string,
    @Body() dto: CastingVoteDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'RecordCastingVote',
      meetingId,
      itemId,
      stance: dto.stance,
      ...when(dto),
    });
  }

  @Post('meetings/:meetingId/close')
  @CommandEndpoint({ summary: 'Close the record of a quorate meeting at the time it ended. Who: a clerk.' })
  close(@Param('meetingId') meetingId: string, @Body() dto: OccurredAtDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'meeting', meetingId, { type: 'CloseMeeting', meetingId, ...when(dto) });
  }

  @Post('meetings/:meetingId/adjourn')
  @CommandEndpoint({ summary: 'Adjourn the meeting (for one, when inquorate). Who: a clerk.' })
  adjourn(@Param('meetingId') meetingId: string, @Body() dto: MeetingReasonDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'AdjournMeeting',
      meetingId,
      reason: dto.reason,
      ...when(dto),
    });
  }

  @Post('meetings/:meetingId/cancel')
  @CommandEndpoint({ summary: 'Cancel a meeting before it starts. Who: a clerk.' })
  cancel(@Param('meetingId') meetingId: string, @Body() dto: MeetingReasonDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'CancelMeeting',
      meetingId,
      reason: dto.reason,
      ...when(dto),
    });
  }

  @Post('meetings/:meetingId/minutes')
  @CommandEndpoint({ status: 201, summary: 'Draft (or redraft) the minutes of a closed meeting. Who: a clerk.' })
  draftMinutes(@Param('meetingId') meetingId: string, @Body() dto: DraftMinutesDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'DraftMinutes',
      meetingId,
      textSha256: dto.textSha256,
      ...when(dto),
    });
  }

  @Post('meetings/:meetingId/minutes/approve')
  @CommandEndpoint({
    summary:
      'Record that a later, quorate meeting approved these minutes as a true record (then frozen). Who: a clerk.',
  })
  approveMinutes(
    @Param('meetingId') meetingId: string,
    @Body() dto: ApproveMinutesDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'ApproveMinutes',
      meetingId,
      atMeetingId: dto.atMeetingId,
      ...when(dto),
    });
  }

  @Post('meetings/:meetingId/records/:eventId/dispute')
  @Roles('member', 'org-admin', 'clerk', 'governance')
  @CommandEndpoint({
    status: 201,
    summary:
      'Dispute what a meeting’s record says of you (your vote, attendance or interest); it stands until the clerk corrects it. Who: the member the record names.',
  })
  dispute(
    @Param('meetingId') meetingId: string,
    @Param('eventId') eventId: string,
    @Body() dto: DisputeRecordDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'DisputeMeetingRecord',
      meetingId,
      disputedEventId: eventId,
      reason: dto.reason,
    });
  }

  @Post('meetings/:meetingId/records/:eventId/correct')
  @CommandEndpoint({
    status: 201,
    summary:
      'Correct a recorded vote’s stance or (once closed) an attendance’s presence; the original stays and the correction points at it. Who: a clerk.',
  })
  correct(
    @Param('meetingId') meetingId: string,
    @Param('eventId') eventId: string,
    @Body() dto: CorrectMeetingRecordDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'meeting', meetingId, {
      type: 'CorrectMeetingRecord',
      meetingId,
      correctsEventId: eventId,
      to: dto.to,
      reason: dto.reason,
    });
  }
}
