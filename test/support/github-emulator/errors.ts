/** An error a handler throws to answer with a GitHub-shaped error body. */
export class HttpError extends Error {
  readonly status: number;
  readonly extra: Record<string, unknown>;
  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

export function notFound(): HttpError {
  return new HttpError(404, 'Not Found');
}

export function validationFailed(message: string, errors: unknown[] = []): HttpError {
  return new HttpError(422, message, errors.length > 0 ? { errors } : {});
}
