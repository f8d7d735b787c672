import { loadEnvFile } from '../env-file';
import { exitAfterFlush, processIo } from './shared/output';
import { runDbCli } from './db/main';

// The only side effects of the db command: read .env, run it, exit with its code once stdout is flushed.
loadEnvFile();
void runDbCli(process.argv.slice(2), process.env, processIo).then(exitAfterFlush);
