import { createHash } from 'node:crypto';
import type { DocumentKind, RenderedDocument, Repositories } from '../store/repositories.js';
import type { DocumentRenderer } from '../pdf/renderer.js';
import type { RenderJob } from '../pdf/render.js';
import type { Clock } from './ports.js';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** JSON with object keys sorted, so the same data gives the same source hash however it was built. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * An issued document (invoice D-8, opening notice D-9), rendered once: the stored version whose
 * source — the SHA-256 of what it is rendered from — is the current one is served as it is; a
 * changed source (a re-published bill, call records imported later) renders and stores a new
 * version beside the earlier ones, so an archived file's hash keeps naming the bytes it was
 * (D-10). Renders of one document that run at the same time in this process share one render.
 */
export class IssuedDocuments {
  readonly #inFlight = new Map<string, Promise<RenderedDocument>>();

  constructor(
    private readonly repos: Repositories,
    private readonly renderer: DocumentRenderer,
    private readonly clock: Clock,
  ) {}

  async get(kind: DocumentKind, key: string, job: RenderJob): Promise<RenderedDocument> {
    const source = sha256(canonicalJson(job));
    const latest = await this.repos.documents.latest(kind, key);
    if (latest && latest.source === source) return latest;
    const flight = `${kind}\u0000${key}\u0000${source}`;
    const running = this.#inFlight.get(flight);
    if (running) return running;
    const render = (async () => {
      const bytes = await this.renderer.render(job);
      return this.repos.documents.add({ kind, key, sha256: sha256(bytes), createdAt: this.clock.now().toISOString(), source, bytes });
    })().finally(() => this.#inFlight.delete(flight));
    this.#inFlight.set(flight, render);
    return render;
  }
}
