import { AppError } from '../http/app-error';

export function notFound(id: number): AppError {
  return AppError.notFound(`Item ${id} does not exist.`);
}

export function offsetWithCursor(): AppError {
  return AppError.badRequest('Invalid query parameter: offset cannot be combined with cursor; the cursor already says where to go on.', [
    { in: 'query', field: 'offset', message: 'cannot be combined with cursor' },
  ]);
}
