import type { App, AppContext } from '../app.js';
import { registerDevRoutes } from './dev.js';
import { registerMetaRoutes } from './meta.js';

/** Every route file registers its handlers here (one line per file). */
export function registerRoutes(app: App, ctx: AppContext): void {
  registerMetaRoutes(app, ctx);
  registerDevRoutes(app, ctx);
}
