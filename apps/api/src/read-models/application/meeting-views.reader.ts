import { Injectable } from '@nestjs/common';
import { maySee, Principal } from '@accord/access';
import { ErrorCode } from '@accord/domain';
import { BitemporalPoint, MeetingView, readMeeting, readMeetingsOf, readPartnershipParties } from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { ReadPositions } from './read-positions';

/** Meetings with their attendance, votes and minutes, on both clocks (DESIGN §5). */
@Injectable()
export class MeetingViews {
  constructor(
    private readonly storage: Storage,
    private readonly positions: ReadPositions,
  ) {}

  async meeting(
    caller: Principal,
    meetingId: string,
    point: BitemporalPoint,
    minPosition?: number,
  ): Promise<MeetingView & { position: number }> {
    const position = await this.positions.await(['meetings', 'partnerships', 'erasures'], minPosition);
    const view = await readMeeting(this.storage.readPool, caller, meetingId, point);
    if (!view) throw new NotFoundError(ErrorCode.MeetingNotFound, `Meeting ${meetingId} not found`, { meetingId });
    return { ...view, position };
  }

  async meetingsOf(
    caller: Principal,
    partnershipId: string,
    point: BitemporalPoint,
    minPosition?: number,
  ): Promise<{ partnershipId: string; meetings: MeetingView[]; position: number }> {
    const position = await this.positions.await(['meetings', 'partnerships', 'erasures'], minPosition);
    const parties = await readPartnershipParties(this.storage.readPool, partnershipId);
    if (!parties || !maySee(caller, parties))
      throw new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${partnershipId} not found`, {
        partnershipId,
      });
    const meetings = await readMeetingsOf(this.storage.readPool, caller, partnershipId, point);
    return { partnershipId, meetings, position };
  }
}
