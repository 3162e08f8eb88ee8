import type { QueryClient } from '@tanstack/react-query';
import type { LiveEventHandlers } from '../../../lib/live-socket';
import { agreementKeys } from './agreement-keys';

/** The registry changed (a party, a signatory status, a designation, a position): fetch the agreement again. */
export function agreementLiveHandlers(queryClient: QueryClient): LiveEventHandlers {
  return {
    'registry.updated': () => void queryClient.invalidateQueries({ queryKey: agreementKeys.all }),
  };
}
