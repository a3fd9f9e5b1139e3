import { useEffect, useState } from 'react';
import { requestJson } from '../api/client';
import { personName } from '../api/types';
import { ErrorState } from '../ui/states';
import { beginOidcSignIn, OidcSettings } from './oidc';
import { Session, sessionFromToken } from './session';

interface ConsoleConfig {
  localSignIn: boolean;
  oidc: OidcSettings | null;
}

interface LocalPerson {
  personId: string;
  orgId: string;
  displayName: string | null;
  organisationName: string;
}

/**
 * Sign-in: with the OIDC issuer when one is configured; in the embedded default by choosing a
 * member of the ledger (this machine only); and always by pasting a token from `accord token`.
 */
export function SignInPage({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string }) {
  const [config, setConfig] = useState<ConsoleConfig>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    requestJson<ConsoleConfig>('/v1/console/config').then(setConfig, setError);
  }, []);
  return (
    <section className="sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in to Accord</h1>
      <p>
        Or, without signing in, read the <a href="#/public">public registers</a> of partnerships under council
        procedure.
      </p>
      {notice && (
        <p className="banner" role="alert">
          {notice}
        </p>
      )}
      {error !== undefined && <ErrorState error={error} />}
      {config?.oidc && (
        <div className="panel">
          <h2>Your organisation’s sign-in</h2>
          <button type="button" onClick={() => beginOidcSignIn(config.oidc as OidcSettings).catch(setError)}>
            Sign in with {new URL(config.oidc.issuer).host}
          </button>
        </div>
      )}
      {config?.localSignIn && <LocalSignIn onSignedIn={onSignedIn} />}
      <PasteToken onSignedIn={onSignedIn} />
    </section>
  );
}

function LocalSignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [people, setPeople] = useState<{ people: LocalPerson[] }>();
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    requestJson<typeof people>('/v1/console/local-people').then(setPeople, setError);
  }, []);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const [orgId, personId] = choice.split('\u0000') as [string, string];
    try {
      // The token carries the roles the ledger grants this person; none is chosen here.
      const { token } = await requestJson<{ token: string }>('/v1/console/local-sign-in', {
        method: 'POST',
        body: { personId, orgId },
      });
      onSignedIn(sessionFromToken(token, 'local'));
    } catch (err) {
      setError(err);
    }
  };
  const byOrg = new Map<string, LocalPerson[]>();
  for (const p of people?.people ?? []) byOrg.set(p.organisationName, [...(byOrg.get(p.organisationName) ?? []), p]);
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="local-heading">
      <h2 id="local-heading">Sign in as a person of this ledger</h2>
      <p className="small muted">
        For the embedded default on this machine: tokens are signed with this server’s local key, as `accord token`
        does.
      </p>
      {people && people.people.length === 0 && (
        <p>
          No members yet: run <code>npm run demo</code>, or register organisations through the API.
        </p>
      )}
      <label htmlFor="person-select">Person</label>
      <select id="person-select" value={choice} onChange={(e) => setChoice(e.target.value)} required>
        <option value="">Choose a person…</option>
        {[...byOrg].map(([org, members]) => (
          <optgroup key={org} label={org}>
            {members.map((p) => (
              <option key={`${p.orgId}:${p.personId}`} value={`${p.orgId}\u0000${p.personId}`}>
                {personName(p)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <button type="submit" disabled={!choice}>
        Sign in
      </button>
      {error !== undefined && <ErrorState error={error} />}
    </form>
  );
}

function PasteToken({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    try {
      onSignedIn(sessionFromToken(token, 'token'));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="paste-heading">
      <h2 id="paste-heading">Paste a token</h2>
      <p className="small muted">
        For example from{' '}
        <code>npm run -s accord -- token --person d.hargreaves --org lambeth-council --roles member</code>.
      </p>
      <label htmlFor="token-input">Bearer token</label>
      <textarea
        id="token-input"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        rows={3}
        spellCheck={false}
        autoComplete="off"
        required
        aria-describedby={error ? 'token-error' : undefined}
      />
      {error && (
        <p id="token-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">Use this token</button>
    </form>
  );
}
