/** HTTP: health, the REST API under /api, the web console at /. */
export { createHttpApp, consoleConfigOf } from './app.js';
export type { HttpAppOptions } from './app.js';
export { contentSecurityPolicy, OUTLINE_PATH } from './console-site.js';
export { HttpError, STATUS_FOR_CODE } from './errors.js';
export type { ErrorBody } from './errors.js';
