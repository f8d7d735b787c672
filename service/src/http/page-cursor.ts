import { AppError } from './app-error';

// The cursor is the last id a page showed. Clients must treat it as opaque (the document says
// so), which leaves room to add sort keys later without breaking them.
const PREFIX = 'id:';
const DECODED = /^id:([1-9][0-9]{0,9})$/;
const MAX_ID = 2147483647;

export function encodeCursor(lastId: number): string {
  return Buffer.from(`${PREFIX}${lastId}`).toString('base64url');
}

/** The id to continue after, or 400 naming `cursor` when this API did not issue it. */
export function decodeCursor(cursor: string): number {
  const match = DECODED.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  const id = Number(match?.[1]);
  // Re-encoding rejects the many spellings a lenient base64 decoder accepts for one value.
  if (!match || id > MAX_ID || encodeCursor(id) !== cursor) {
    throw AppError.badRequest('Invalid query parameter: cursor is not one this API issued; start again from the first page.', [
      { in: 'query', field: 'cursor', message: 'is not a cursor this API issued' },
    ]);
  }
  return id;
}
