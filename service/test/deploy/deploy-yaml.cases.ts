import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { POSTGRES_IMAGE } from '../../src/delivery/images';
import { REPOSITORY_ROOT } from '../support/compiled';

const DEPLOY = path.join(REPOSITORY_ROOT, 'deploy');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

function documentsOf(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((document) => document.toJS() as Record<string, unknown>);
}

type Kustomization = {
  resources?: string[];
  components?: string[];
  patches?: { path?: string }[];
  images?: { name: string; newName?: string; digest?: string }[];
};

const kustomizations = () => yamlFiles(DEPLOY).filter((file) => path.basename(file) === 'kustomization.yaml');

describe('The YAML under deploy/', () => {
  test('When every file is parsed, then none has a syntax error', () => {
    const errors = yamlFiles(DEPLOY).flatMap((file) =>
      parseAllDocuments(readFileSync(file, 'utf8')).flatMap((document) =>
        document.errors.map((error) => `${path.relative(DEPLOY, file)}: ${error.message}`),
      ),
    );

    expect(yamlFiles(DEPLOY).length).toBeGreaterThan(8);
    expect(errors).toEqual([]);
  });

  test('When a kustomization names resources, components and patch files, then each of them exists', () => {
    const missing = kustomizations().flatMap((file) => {
      const k = documentsOf(file)[0] as Kustomization;
      const references = [
        ...(k.resources ?? []),
        ...(k.components ?? []),
        ...(k.patches ?? []).flatMap((patch) => (patch.path ? [patch.path] : [])),
      ];
      return references
        .filter((reference) => !existsSync(path.resolve(path.dirname(file), reference)))
        .map((reference) => `${path.relative(DEPLOY, file)}: ${reference}`);
    });

    expect(kustomizations().length).toBeGreaterThanOrEqual(3);
    expect(missing).toEqual([]);
  });

  test('When the files are searched for Secrets, then no Secret value and no secretGenerator is committed', () => {
    const offenders = yamlFiles(DEPLOY).flatMap((file) =>
      documentsOf(file)
        .filter((object) => (object?.kind === 'Secret' && (object.data || object.stringData)) || object?.secretGenerator)
        .map(() => path.relative(DEPLOY, file)),
    );

    expect(offenders).toEqual([]);
  });

  test('When an overlay sets the image, then it names the image the base uses and pins a sha256 digest', () => {
    const overlays = kustomizations().filter((file) => file.includes(`${path.sep}overlays${path.sep}`));

    const images = overlays.map((file) => (documentsOf(file)[0] as Kustomization).images ?? []);

    expect(overlays.length).toBeGreaterThanOrEqual(2);
    for (const entries of images) {
      expect(entries).toEqual([
        expect.objectContaining({ name: 'gitops-service', digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }),
      ]);
    }
  });
});

describe('The image digest pins', () => {
  const read = (file: string) => readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8');
  const pins = [...read('.github/docker-pins/Dockerfile').matchAll(/^FROM (\S+)$/gm)].map((match) => match[1]);

  test('When the Dockerfile and compose build without NODE_IMAGE, then both use the Node pin Dependabot keeps current', () => {
    const node = pins.find((pin) => pin?.startsWith('node:'));
    const dockerfile = /^ARG NODE_IMAGE=(\S+)$/m.exec(read('Dockerfile'))?.[1];
    const compose = /NODE_IMAGE: \$\{NODE_IMAGE:-([^}]+)\}/.exec(read('docker-compose.yml'))?.[1];

    expect(node).toMatch(/^node:24-bookworm-slim@sha256:[0-9a-f]{64}$/);
    expect({ 'Dockerfile ARG NODE_IMAGE': dockerfile, 'docker-compose.yml NODE_IMAGE default': compose }).toEqual({
      'Dockerfile ARG NODE_IMAGE': node,
      'docker-compose.yml NODE_IMAGE default': node,
    });
  });

  test('When Testcontainers and the image smoke start Postgres by default, then they use the Postgres pin Dependabot keeps current', () => {
    const postgres = pins.find((pin) => pin?.startsWith('postgres:'));

    expect(postgres).toMatch(/^postgres:15@sha256:[0-9a-f]{64}$/);
    expect(POSTGRES_IMAGE).toBe(postgres);
  });

  test('When Dependabot reads dependabot.yml, then its docker entry looks in the folder of the FROM pins (it does not search folders recursively)', () => {
    // Arrange
    type Update = { 'package-ecosystem': string; directory?: string; directories?: string[] };
    const config = parseAllDocuments(read('.github/dependabot.yml'))[0]?.toJS() as { updates: Update[] };

    // Act
    const docker = config.updates.filter((update) => update['package-ecosystem'] === 'docker');
    const folders = docker.flatMap((update) => [...(update.directories ?? []), ...(update.directory ? [update.directory] : [])]);

    // Assert
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['docker', 'github-actions', 'npm']);
    expect(folders).toContain('/.github/docker-pins');
  });
});
