import type { Response } from 'supertest';

/** The 405 every documented path gives a method it does not serve: problem+json naming the Allow list. */
export function expectMethodNotAllowed(res: Response, allow: string): void {
  expect(res.status).toBe(405);
  expect(res.headers.allow).toBe(allow);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 405, title: 'Method Not Allowed' });
  expect(res.body.detail).toContain(allow);
}
