import { subjectResource } from './subject-resource';

export interface Outcome {
  readonly status: number | 'no answer';
  readonly contentType: string;
  readonly retryAfter: string | null;
  readonly id?: number;
  readonly startedAt: number;
  readonly ms: number;
}

export interface CreateLoad {
  readonly outcomes: Outcome[];
  /** Resolves when `count` outcomes matching `predicate` have been seen since the call. */
  waitFor(predicate: (outcome: Outcome) => boolean, count: number, timeoutMs: number): Promise<void>;
  stop(): Promise<Outcome[]>;
}

async function createOnce(baseUrl: string, answerWithinMs: number): Promise<Outcome> {
  const startedAt = performance.now();
  try {
    const subject = subjectResource();
    const res = await fetch(`${baseUrl}${subject.collectionPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(subject.createBody()),
      signal: AbortSignal.timeout(answerWithinMs),
    });
    const body = (await res.json()) as { id?: number };
    const contentType = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      contentType,
      retryAfter: res.headers.get('retry-after'),
      id: body.id,
      startedAt,
      ms: performance.now() - startedAt,
    };
  } catch {
    return { status: 'no answer', contentType: '', retryAfter: null, startedAt, ms: performance.now() - startedAt };
  }
}

/**
 * `workers` clients creating rows of the subject resource back to back, each request allowed `answerWithinMs`
 * (a hang shows up as 'no answer'). Every outcome is kept for the test to judge.
 */
export function startCreateLoad(baseUrl: string, workers: number, answerWithinMs: number): CreateLoad {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      outcomes.push(await createOnce(baseUrl, answerWithinMs));
      // A client backs off a little after a 503, as Retry-After asks (shortened for the test).
      if (outcomes.at(-1)?.status !== 201) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    outcomes,
    waitFor: async (predicate, count, timeoutMs) => {
      const from = outcomes.length;
      const deadline = Date.now() + timeoutMs;
      while (outcomes.slice(from).filter(predicate).length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `fewer than ${count} matching answers within ${timeoutMs} ms; saw ${JSON.stringify(summarize(outcomes.slice(from)))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

/** Answers counted by status, for failure messages and reports. */
export function summarize(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[String(outcome.status)] = (counts[String(outcome.status)] ?? 0) + 1;
  return counts;
}
