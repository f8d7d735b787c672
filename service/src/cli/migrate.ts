import { loadEnvFile } from '../env-file';
import { exitAfterFlush, processIo } from './cli-output';
import { runMigrateCli } from './migrate-cli';

// The only side effects of the migrate command: read .env, run it, exit with its code once stdout is flushed.
loadEnvFile();
void runMigrateCli(process.argv.slice(2), process.env, processIo).then(exitAfterFlush);
