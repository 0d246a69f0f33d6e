export * from './errors.js';
export * from './formats.js';
export * from './common.js';
export * from './accounts.js';
export * from './resources.js';
export * from './routes.js';
export * from './operator.js';
export * from './mail.js';
