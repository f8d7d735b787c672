import { selectorFindings } from '../../src/delivery/manifest-selectors';
import { DIGEST_PINNED, imagesOf, parseObjects, validateObject } from '../../src/delivery/manifests';

const deployment = (container: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `api-${Date.now()}` },
  spec: { selector: { matchLabels: { app: 'a' } }, template: { spec: { containers: [{ name: 'api', ...container }] } } },
});

describe('The checks behind make manifests', () => {
  test('When a Deployment is well formed, then it validates against the Kubernetes schema', () => {
    expect(validateObject(deployment({ image: 'x', ports: [{ containerPort: 3000 }] }))).toEqual([]);
  });

  test('When a field has the wrong type, then the finding names the object and the field', () => {
    const object = deployment({ image: 'x', ports: [{ containerPort: 'http' }] });

    const findings = validateObject(object);

    expect(findings).toEqual([expect.stringMatching(new RegExp(`^Deployment/${object.metadata.name}: .*containerPort must be integer`))]);
  });

  test('When a kind has no Kubernetes schema, then it is a finding rather than passing unchecked', () => {
    const findings = validateObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'app' } });

    expect(findings).toEqual([expect.stringContaining('no Kubernetes schema for apiVersion argoproj.io/v1alpha1 kind Application')]);
  });

  test('When images of a Deployment and a CronJob are read, then containers and init containers are all found', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ image: 'a' }], initContainers: [{ image: 'b' }] } } } } },
    };

    expect([...imagesOf(deployment({ image: 'c' })), ...imagesOf(cron)]).toEqual(['c', 'a', 'b']);
  });

  test('When an image is a tag or a malformed digest, then it is not pinned', () => {
    const digest = `sha256:${'0a'.repeat(32)}`;

    expect(DIGEST_PINNED.test(`docker.io/acme/app@${digest}`)).toBe(true);
    expect(DIGEST_PINNED.test('docker.io/acme/app:1.2.3')).toBe(false);
    expect(DIGEST_PINNED.test(`docker.io/acme/app@${digest.slice(0, -1)}`)).toBe(false);
    expect(DIGEST_PINNED.test(`docker.io/acme/app:latest@${digest.toUpperCase()}`)).toBe(false);
  });

  test('When a Service or PodDisruptionBudget selector also matches the migration Job pods, then each is a finding', () => {
    // Arrange
    const name = `svc-${Date.now()}`;
    const common = { 'app.kubernetes.io/name': name };
    const job = { kind: 'Job', metadata: { name: 'migrate' }, spec: { template: { metadata: { labels: { ...common } } } } };
    const service = { kind: 'Service', metadata: { name }, spec: { selector: { ...common } } };
    const budget = { kind: 'PodDisruptionBudget', metadata: { name }, spec: { selector: { matchLabels: { ...common } } } };
    const apiOnly = { 'app.kubernetes.io/component': 'api', ...common };
    const narrowed = [
      { ...service, spec: { selector: apiOnly } },
      { ...budget, spec: { selector: { matchLabels: apiOnly } } },
    ];

    // Act
    const loose = selectorFindings([job, service, budget]);
    const strict = selectorFindings([job, ...narrowed]);

    // Assert
    expect(loose).toEqual([
      expect.stringMatching(new RegExp(`^Service/${name} selects the pods of Job/migrate`)),
      expect.stringMatching(new RegExp(`^PodDisruptionBudget/${name} selects the pods of Job/migrate`)),
    ]);
    expect(strict).toEqual([]);
  });

  test('When rendered YAML holds several documents, then each becomes one object', () => {
    expect(parseObjects('kind: A\n---\nkind: B\n').map((object) => object.kind)).toEqual(['A', 'B']);
  });
});
