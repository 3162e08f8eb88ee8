/**
 * Group commit: requests that arrive while a batch is being written wait and
 * are written together in the next one, so the cost of a transaction (its
 * locks, its commit's fsync) is shared instead of paid per request. An idle
 * queue adds no delay: the first request starts a batch at once.
 */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export class GroupCommitQueue<T, R> {
  private pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(
    /** Writes a batch in one transaction; answers one outcome per item, in order. */
    private readonly writeBatch: (items: T[]) => Promise<Settled<R>[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        let outcomes: Settled<R>[];
        try {
          outcomes = await this.writeBatch(batch.map((b) => b.item));
        } catch (error) {
          outcomes = batch.map(() => ({ ok: false as const, error }));
        }
        batch.forEach((b, i) => {
          const outcome = outcomes[i] ?? { ok: false as const, error: new Error('no outcome for a batched item') };
          if (outcome.ok) b.resolve(outcome.value);
          else b.reject(outcome.error);
        });
      }
    } finally {
      this.running = false;
    }
  }
}
