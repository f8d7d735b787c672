import { subjectResource } from './subject-resource';

/** Creates a row of the subject resource through a running server's API, as a client would, and returns its id. */
export async function createOverHttp(baseUrl: string): Promise<{ id: number }> {
  const subject = subjectResource();
  const res = await fetch(`${baseUrl}${subject.collectionPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(subject.createBody()),
  });
  if (res.status !== 201) throw new Error(`creating a row of ${subject.name} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: number };
}
