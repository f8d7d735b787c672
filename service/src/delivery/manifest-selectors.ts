/** One rendered Kubernetes object, as far as the checks read it. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
  readonly spec?: Record<string, unknown>;
}

type Labels = Record<string, string>;
type Template = { metadata?: { labels?: Labels } };

/** The labels of the pods a Job or CronJob creates (none for other kinds). */
function runToCompletionPodLabels(object: KubeObject): Labels | undefined {
  const spec = object.spec as { template?: Template; jobTemplate?: { spec?: { template?: Template } } } | undefined;
  if (object.kind === 'Job') return spec?.template?.metadata?.labels ?? {};
  if (object.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  return undefined;
}

/** The label selector of a Service (a plain map) or a PodDisruptionBudget (matchLabels). */
function selectorOf(object: KubeObject): Labels | undefined {
  if (object.kind === 'Service') return (object.spec?.selector as Labels | undefined) ?? undefined;
  if (object.kind === 'PodDisruptionBudget') return (object.spec?.selector as { matchLabels?: Labels } | undefined)?.matchLabels;
  return undefined;
}

const matches = (selector: Labels, labels: Labels) => Object.entries(selector).every(([key, value]) => labels[key] === value);

/**
 * A Service or PodDisruptionBudget whose selector also matches the pods of a Job (the migration
 * hook) sends traffic to a pod that serves nothing (a pod without a readiness probe counts as
 * ready) and counts it towards the budget. Common labels make this easy to get wrong.
 */
export function selectorFindings(objects: readonly KubeObject[]): string[] {
  const jobs = objects.flatMap((object) => {
    const labels = runToCompletionPodLabels(object);
    return labels ? [{ name: `${object.kind}/${object.metadata?.name ?? '?'}`, labels }] : [];
  });
  return objects.flatMap((object) => {
    const selector = selectorOf(object);
    if (!selector || Object.keys(selector).length === 0) return [];
    return jobs
      .filter((job) => matches(selector, job.labels))
      .map(
        (job) =>
          `${object.kind}/${object.metadata?.name ?? '?'} selects the pods of ${job.name} (${JSON.stringify(selector)}); ` +
          'give the API pods a label the Job pods lack (app.kubernetes.io/component: api) and select on it.',
      );
  });
}
