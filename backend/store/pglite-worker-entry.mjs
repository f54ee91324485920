// PGlite's worker thread starts here. The backend is TypeScript run through tsx, and a worker thread
// does not inherit the loader that its parent registered, so it registers its own before loading the
// worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
