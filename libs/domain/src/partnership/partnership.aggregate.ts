import { partnershipStreamId } from '../shared/stream-ids';
import { decidePartnership } from './decide-partnership';
import { partnershipContextNeeds } from './partnership.context';
import { evolvePartnership, initialPartnershipState } from './partnership.state';

/** Everything a generic command handler needs for partnerships (load contextNeeds first). */
export const partnershipAggregate = {
  kind: 'partnership',
  streamId: partnershipStreamId,
  initialState: initialPartnershipState,
  evolve: evolvePartnership,
  decide: decidePartnership,
  contextNeeds: partnershipContextNeeds,
} as const;
