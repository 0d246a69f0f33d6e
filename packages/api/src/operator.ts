import { z } from 'zod';
import type { ApiRoute } from './routes.js';

/*
 * Back office (`/api/v1/operator/…`, operator token): the provider's side of the portal
 * (Decision under R-INQ). Schemas and routes are filled in by the reference-server issue.
 */
export const OperatorPlaceholderSchema = z.object({});

export const operatorRoutes: Record<string, ApiRoute> = {};
