import { spawn } from 'node:child_process';
import { BENCH_NODE_MAJOR, resolveNode24 } from './node-runtime';

/**
 * When this process runs on an older Node, runs the same entry again on Node 24 (through tsx)
 * and resolves with its exit code; resolves undefined when this process already is Node 24.
 */
export async function onNode24(entry: string, log: (line: string) => void): Promise<number | undefined> {
  if (Number(process.versions.node.split('.')[0]) >= BENCH_NODE_MAJOR) return undefined;
  const node = resolveNode24(log);
  const child = spawn(node.path, ['--import', 'tsx', entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}
