import { useState } from 'react';
import { refusalOf } from '../api/client';
import type { WebhookAttempt, WebhookEndpoint } from '../api/types';
import { useApp, useLiveUpdates, useResource } from '../app-context';
import { Instant } from './instant';

/**
 * Tells an organisation's administrators, on every page, that Accord stopped delivering to one of
 * their webhook endpoints (the receiver answered 410, or every retry failed): which endpoint, why,
 * the last attempt, and how to start it again. Only an org-admin's console asks, for their own
 * organisation: the API lists an organisation's endpoints to its org-admins (and platform
 * admins) and refuses everyone else, so no one else is told of them.
 */
export function WebhookNotice() {
  const { session } = useApp();
  return session.roles.includes('org-admin') ? <DisabledEndpoints orgId={session.orgId} /> : null;
}

function DisabledEndpoints({ orgId }: { orgId: string }) {
  const path = `/v1/organisations/${encodeURIComponent(orgId)}/webhooks`;
  const endpoints = useResource(path, (api, signal) => api.get<{ endpoints: WebhookEndpoint[] }>(path, signal));
  useLiveUpdates(
    (e) => e.type.startsWith('WebhookEndpoint') && e.data.organisationId === orgId,
    () => endpoints.reload(),
  );
  const disabled = endpoints.data?.endpoints.filter((e) => e.status === 'disabled') ?? [];
  if (disabled.length === 0) return null;
  return (
    <section className="banner" aria-label="Webhook deliveries stopped" data-webhooks-disabled={disabled.length}>
      {disabled.map((e) => (
        <DisabledEndpoint key={e.endpointId} base={path} endpoint={e} onResumed={endpoints.reload} />
      ))}
    </section>
  );
}

function DisabledEndpoint({
  base,
  endpoint,
  onResumed,
}: {
  base: string;
  endpoint: WebhookEndpoint;
  onResumed: () => void;
}) {
  const { api, session } = useApp();
  // One key for this notice: a retry after an error cannot resume twice.
  const [key] = useState(() => `console:${session.personId}:${endpoint.endpointId}:resume:${crypto.randomUUID()}`);
  const at = `${base}/${encodeURIComponent(endpoint.endpointId)}`;
  const last = useResource(`${at}:last`, (client, signal) =>
    client.get<{ attempts: WebhookAttempt[] }>(`${at}/deliveries?limit=1`, signal),
  );
  const [resuming, setResuming] = useState<{ error?: string; busy: boolean }>({ busy: false });
  const attempt = last.data?.attempts[0];
  const resume = async () => {
    setResuming({ busy: true });
    try {
      await api.post(`${at}/resume`, {}, key);
      onResumed();
    } catch (err) {
      setResuming({
        busy: false,
        error: refusalOf(err),
      });
    }
  };
  return (
    <p data-webhook-endpoint={endpoint.endpointId}>
      <strong>Accord has stopped delivering to your webhook endpoint {endpoint.endpointId}</strong> ({endpoint.url}):{' '}
      {/* The deliverer's own words: "the receiver answered 410 Gone", "10 attempts at event 42 failed". */}
      {endpoint.disabled?.detail ?? 'it was disabled after failed deliveries'}.
      {attempt && (
        <>
          {' '}
          Last attempt <Instant iso={attempt.attemptedAt} />, event at position {attempt.position}:{' '}
          {attempt.status !== null ? `answered ${attempt.status}` : (attempt.error ?? 'no answer')}.
        </>
      )}{' '}
      Your system receives nothing more until you resume it; deliveries then start again at that event, in order.{' '}
      <button type="button" onClick={resume} disabled={resuming.busy}>
        {resuming.busy ? 'Resuming…' : `Resume deliveries to ${endpoint.endpointId}`}
      </button>
      {resuming.error && <span role="alert"> Could not resume: {resuming.error}</span>}
    </p>
  );
}
