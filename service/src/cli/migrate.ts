import { loadEnvFile } from '../env-file';
import { exitAfterFlush, processIo } from './shared/output';
import { runMigrateCli } from './migrate/main';

// The only side effects of the migrate command: read .env, run it, exit with its code once stdout is flushed.
loadEnvFile();
void runMigrateCli(process.argv.slice(2), process.env, processIo).then(exitAfterFlush);
