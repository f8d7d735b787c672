import type { Rule } from '../types';
import { addColumnVolatileDefault, addNotNullColumnWithoutDefault, changeColumnType, setNotNull } from './columns';
import { constraintNotValid, uniqueWithoutIndex } from './constraints';
import { dropColumn, dropSchema, dropTable } from './drops';
import { concurrentlyInTransaction, createIndexNotConcurrently, dropIndexNotConcurrently } from './indexes';
import { cluster, truncate, vacuumFull } from './maintenance';
import { renameColumn, renameTable } from './renames';
import { missingLockTimeout } from './timeouts';

/** Every rule, in the order findings of one statement are reported. */
export const RULES: readonly Rule[] = [
  dropTable,
  dropColumn,
  dropSchema,
  renameTable,
  renameColumn,
  changeColumnType,
  setNotNull,
  addNotNullColumnWithoutDefault,
  addColumnVolatileDefault,
  constraintNotValid,
  uniqueWithoutIndex,
  createIndexNotConcurrently,
  dropIndexNotConcurrently,
  concurrentlyInTransaction,
  truncate,
  vacuumFull,
  cluster,
  missingLockTimeout,
];
