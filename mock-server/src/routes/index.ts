import type { App, AppContext } from '../app.js';
import { registerAuthRoutes } from './auth.js';
import { registerDevRoutes } from './dev.js';
import { registerMeRoutes } from './me.js';
import { registerMetaRoutes } from './meta.js';
import { registerBillRoutes } from './bills.js';
import { registerCallRoutes } from './calls.js';
import { registerContractRoutes } from './contracts.js';
import { registerInquiryRoutes } from './inquiries.js';
import { registerNewsRoutes } from './news.js';
import { registerNoticeRoutes } from './notices.js';
import { registerOperatorRoutes } from './operator.js';
import { registerRecoveryRoutes } from './recovery.js';
import { registerRegistrationRoutes } from './registration.js';
import { registerUserRoutes } from './users.js';

/** Every route file registers its handlers here (one line per file). */
export function registerRoutes(app: App, ctx: AppContext): void {
  registerMetaRoutes(app, ctx);
  registerDevRoutes(app, ctx);
  registerRegistrationRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerRecoveryRoutes(app, ctx);
  registerMeRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerNewsRoutes(app, ctx);
  registerContractRoutes(app, ctx);
  registerNoticeRoutes(app, ctx);
  registerBillRoutes(app, ctx);
  registerCallRoutes(app, ctx);
  registerInquiryRoutes(app, ctx);
  registerOperatorRoutes(app, ctx);
}
