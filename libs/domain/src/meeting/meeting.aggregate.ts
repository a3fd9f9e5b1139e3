import { meetingStreamId } from '../shared/stream-ids';
import { decideMeeting } from './decide-meeting';
import { meetingContextNeeds } from './meeting.context';
import { evolveMeeting, initialMeetingState } from './meeting.state';

/** Everything a generic command handler needs for meetings (load contextNeeds first). */
export const meetingAggregate = {
  kind: 'meeting',
  streamId: meetingStreamId,
  initialState: initialMeetingState,
  evolve: evolveMeeting,
  decide: decideMeeting,
  contextNeeds: meetingContextNeeds,
} as const;
