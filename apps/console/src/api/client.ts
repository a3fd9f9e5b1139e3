/**
 * The console's only way to the server: the public /v1 API with the signed-in person's token.
 * Every failure becomes an ApiError with the problem's stable `code`, so views can say what went
 * wrong (expired token, forbidden, not found, server down) instead of showing a stack.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
  ) {
    super(detail ?? title);
  }

  /** The token was refused: the person must sign in again. */
  get signedOut(): boolean {
    return this.status === 401;
  }
}

/** Why a command was refused, in the server's words with its stable code, for the line under the button. */
export function refusalOf(err: unknown): string {
  return err instanceof ApiError ? `${err.detail ?? err.title} (${err.code})` : String(err);
}

/** Code of failures where no HTTP answer came back at all. */
export const SERVER_UNREACHABLE = 'server-unreachable';

export interface ApiClientOptions {
  token: string;
  /** Told about every 401, so the app can end the session once for all views. */
  onSignedOut?: (error: ApiError) => void;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get token(): string {
    return this.options.token;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.send<T>('GET', path, undefined, signal);
  }

  /** A command; `idempotencyKey` makes a retried click safe (the server answers the first result again). */
  post<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
    return this.send<T>('POST', path, body, undefined, { 'idempotency-key': idempotencyKey });
  }

  private async send<T>(
    method: string,
    path: string,
    body: unknown,
    signal?: AbortSignal,
    extra: Record<string, string> = {},
  ): Promise<T> {
    try {
      return await requestJson<T>(path, {
        method,
        body,
        signal,
        headers: { authorization: `Bearer ${this.options.token}`, ...extra },
      });
    } catch (err) {
      if (err instanceof ApiError && err.signedOut) this.options.onSignedOut?.(err);
      throw err;
    }
  }
}

/**
 * One JSON request to this server, signed in or not (sign-in itself is not): the answer, or an
 * ApiError carrying the problem's code, or SERVER_UNREACHABLE when nothing answered.
 */
export async function requestJson<T>(
  path: string,
  options: { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<T> {
  const { method = 'GET', body, signal, headers = {} } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(
      0,
      SERVER_UNREACHABLE,
      'The Accord server does not answer',
      'Check that it is running, then try again.',
    );
  }
  if (response.ok) return (await response.json()) as T;
  throw await problemOf(response);
}

export async function problemOf(response: Response): Promise<ApiError> {
  let problem: { code?: string; title?: string; detail?: string } = {};
  try {
    problem = (await response.json()) as typeof problem;
  } catch {
    // Not a problem document (a proxy's error page, say): the status has to do.
  }
  const code = problem.code ?? (response.status >= 500 ? 'server-error' : `http-${response.status}`);
  return new ApiError(response.status, code, problem.title ?? response.statusText ?? 'Request failed', problem.detail);
}
