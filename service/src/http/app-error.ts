/** One field-level complaint, named so a client can point at the input that caused it. */
export interface FieldError {
  readonly in: 'body' | 'path' | 'query' | 'header';
  readonly field: string;
  readonly message: string;
}

/**
 * The one error type routes and repositories throw. The error middleware turns it into an
 * RFC 9457 problem+json response; anything that is not an AppError becomes a 500 whose
 * details stay in the log.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
    this.name = 'AppError';
  }

  static badRequest(detail: string, errors: readonly FieldError[] = []): AppError {
    return new AppError(400, 'Bad Request', detail, errors);
  }

  static notFound(detail: string): AppError {
    return new AppError(404, 'Not Found', detail);
  }

  static conflict(detail: string, errors: readonly FieldError[] = []): AppError {
    return new AppError(409, 'Conflict', detail, errors);
  }

  static payloadTooLarge(limitBytes: number): AppError {
    return new AppError(413, 'Payload Too Large', `The request body is larger than this API accepts: at most ${limitBytes} bytes.`, [
      { in: 'body', field: 'body', message: `must be at most ${limitBytes} bytes` },
    ]);
  }

  static unsupportedMediaType(detail: string): AppError {
    return new AppError(415, 'Unsupported Media Type', detail, [
      { in: 'header', field: 'content-type', message: 'must be application/json' },
    ]);
  }

  static unprocessable(detail: string, errors: readonly FieldError[] = []): AppError {
    return new AppError(422, 'Unprocessable Content', detail, errors);
  }
}
