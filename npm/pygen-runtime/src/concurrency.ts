/**
 * Bounded concurrency: a FIFO semaphore for the global request cap, and an in-order parallel map for chunked
 * batch operations.
 *
 * @module
 */

/** A counting semaphore; waiters are served first come, first served. */
export class Semaphore {
  #available: number;
  readonly #waiters: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(
        `a semaphore needs a positive integer size, got ${size}`,
      );
    }
    this.#available = size;
  }

  /** Slots free right now. */
  get available(): number {
    return this.#available;
  }

  /** Resolves when a slot is taken; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.#available > 0) {
      this.#available--;
    } else {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#available++;
    };
  }
}

/** The outcome of one task of {@link settleInOrder}. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Runs `task` over `inputs` with at most `workers` in flight and returns every outcome in input order.
 * A failing task never stops the others: the caller decides what a partial failure means.
 */
export async function settleInOrder<TIn, TOut>(
  inputs: readonly TIn[],
  workers: number,
  task: (input: TIn, index: number) => Promise<TOut>,
): Promise<Settled<TOut>[]> {
  const results: Settled<TOut>[] = new Array(inputs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < inputs.length) {
      const index = next++;
      try {
        results[index] = {
          ok: true,
          value: await task(inputs[index] as TIn, index),
        };
      } catch (error) {
        results[index] = {
          ok: false,
          error: error instanceof Error ? error : new Error(String(error)),
        };
      }
    }
  };
  const count = Math.max(1, Math.min(workers, inputs.length));
  await Promise.all(Array.from({ length: count }, worker));
  return results;
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
