// This folder's light test files share one module registry: service/test/support/cases.ts says why.
import { runCasesOf } from '../support/cases';

runCasesOf(__dirname);
