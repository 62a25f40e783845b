import path from 'node:path';
import type { Config } from '../../config';
import { createLocalObjectStore, type ObjectStore } from './object-store';

/**
 * The configured object store. A CLI command that only reads and writes the lake (a combat log
 * import) opens it without the database, so it runs beside a server that holds the embedded one.
 */
export function openObjectStore(config: Config): ObjectStore {
  return createLocalObjectStore(path.join(config.dataDir, 'objects'));
}
