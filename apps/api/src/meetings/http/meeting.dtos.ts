import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PRESENCES, Presence, VOTE_STANCES, VoteStance, VOTING_METHODS, VotingMethod } from '@accord/domain';
import { IsInstant } from '../../http/instant';
import { OccurredAtDto } from '../../http/occurred-at';
import { SLUG, SLUG_MESSAGE } from '../../http/slug';

const TEXT = 2000;
const SHA256 = /^[0-9a-f]{64}$/;

export class PaperDto {
  @ApiProperty({ example: 'Report of the Director of Housing', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  title: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the paper' })
  @Matches(SHA256, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256: string;
}

export class AgendaItemDto {
  @ApiProperty({ example: 'item-3' }) @Matches(SLUG, { message: SLUG_MESSAGE }) itemId: string;
  @ApiProperty({ example: 'Disposal of the Station Road site', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  title: string;
  @ApiPropertyOptional({ example: 'station-road', description: 'The decision of this partnership the item is about' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  decisionId?: string;
  @ApiProperty({ type: [PaperDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PaperDto)
  papers: PaperDto[];
}

export class ScheduleMeetingDto extends OccurredAtDto {
  @ApiPropertyOptional({ example: 'board-2026-01-15', description: 'Generated (UUID) when omitted' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  meetingId?: string;
  @ApiProperty({ example: '2026-01-15T18:00:00Z' }) @IsInstant() startsAt: string;
  @ApiPropertyOptional({ example: 'Civic Centre, Committee Room 2', maxLength: 300 })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  place?: string;
  @ApiPropertyOptional({ example: 'https://meet.example.org/board', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  link?: string;
  @ApiProperty({ type: [AgendaItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  agenda: AgendaItemDto[];
}

export class AttendanceEntryDto {
  @ApiProperty({ example: 'j.patel' }) @Matches(SLUG, { message: SLUG_MESSAGE }) personId: string;
  @ApiProperty({ enum: PRESENCES }) @IsIn(PRESENCES) presence: Presence;
  @ApiPropertyOptional({ description: 'The board member this person sits for, where the terms allow substitutes' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  substituteFor?: string;
}

export class RecordAttendanceDto extends OccurredAtDto {
  @ApiProperty({ type: [AttendanceEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryDto)
  attendance: AttendanceEntryDto[];
}

export class RecordInterestDto extends OccurredAtDto {
  @ApiProperty({ example: 'item-3' }) @Matches(SLUG, { message: SLUG_MESSAGE }) itemId: string;
  @ApiProperty({ example: 's.reid' }) @Matches(SLUG, { message: SLUG_MESSAGE }) personId: string;
  @ApiProperty({ example: 'Trustee of a bidder', maxLength: TEXT }) @IsString() @Length(1, TEXT) nature: string;
}

export class MemberVoteDto {
  @ApiProperty({ example: 'j.patel' }) @Matches(SLUG, { message: SLUG_MESSAGE }) personId: string;
  @ApiProperty({ enum: VOTE_STANCES }) @IsIn(VOTE_STANCES) stance: VoteStance;
}

export class RecordVotesDto extends OccurredAtDto {
  @ApiProperty({ enum: VOTING_METHODS }) @IsIn(VOTING_METHODS) method: VotingMethod;
  @ApiProperty({ type: [MemberVoteDto], description: 'Each present member’s vote; all recorded or none' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MemberVoteDto)
  votes: MemberVoteDto[];
}

export class CastingVoteDto extends OccurredAtDto {
  @ApiProperty({ enum: ['agree', 'disagree'] }) @IsIn(['agree', 'disagree']) stance: 'agree' | 'disagree';
}

export class MeetingReasonDto extends OccurredAtDto {
  @ApiProperty({ example: 'Inquorate', maxLength: TEXT }) @IsString() @Length(1, TEXT) reason: string;
}

export class DraftMinutesDto extends OccurredAtDto {
  @ApiProperty({ description: 'SHA-256 (hex) of the minutes’ text' })
  @Matches(SHA256, { message: 'textSha256 must be 64 lowercase hex digits' })
  textSha256: string;
}

export class ApproveMinutesDto extends OccurredAtDto {
  @ApiProperty({ example: 'board-2026-02-12', description: 'The later meeting whose resolution approved them' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  atMeetingId: string;
}

export class DisputeRecordDto {
  @ApiProperty({ example: 'I voted against the motion', maxLength: TEXT }) @IsString() @Length(1, TEXT) reason: string;
}

export class CorrectMeetingRecordDto {
  @ApiProperty({
    enum: [...VOTE_STANCES, ...PRESENCES],
    description: 'The stance (a vote) or presence (an attendance) the record should have said',
  })
  @IsIn([...VOTE_STANCES, ...PRESENCES])
  to: VoteStance | Presence;
  @ApiProperty({ example: 'The show of hands was misread', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  reason: string;
}
