import { useState } from 'react';
import { refusalOf } from '../api/client';
import { useApp } from '../app-context';

/**
 * One command on a decision from a console control. Its Idempotency-Key stays the same until the
 * wording changes (`renew`), so a double click or a resend after a lost answer writes once; the
 * API's refusal is kept, in its words and with its code, for the line under the control.
 */
export function useDecisionCommand(decisionId: string, act: string, onChanged: (position: number) => void) {
  const { api, session } = useApp();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const send = async (body: object) => {
    setState({ busy: true });
    try {
      const result = await api.post<{ position: number }>(
        `/v1/decisions/${encodeURIComponent(decisionId)}/${act}`,
        body,
        `console:${session.personId}:${decisionId}:${act}:${key}`,
      );
      setState({ busy: false });
      onChanged(result.position);
    } catch (err) {
      setState({ busy: false, error: refusalOf(err) });
    }
  };
  return { ...state, send, renew: () => setKey(crypto.randomUUID()) };
}
