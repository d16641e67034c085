// One round trip per frame while dragging: the latest input wins and at most one request is in
// flight. When a request settles and newer input is pending, only the newest pending input is
// sent (everything in between is dropped), and it is sent before the settled result is rendered,
// so the backend works while the web view draws. A result that is already superseded by a
// request in flight is not rendered (its successor is a round trip away), unless nothing was
// rendered for `staleDeliveryMs`, so the screen keeps moving under a stream of input.

export interface CoalescerHandlers<I, O> {
  /** A result to show for `input` (results come in the order inputs were sent). */
  onResult(result: O, input: I): void;
  /** The request for `input` failed and no newer input is waiting (stale errors are dropped). */
  onError(error: unknown, input: I): void;
}

export interface CoalescerOptions {
  /** Render a superseded result anyway when nothing was rendered for this long (ms). */
  staleDeliveryMs?: number;
  now?: () => number;
}

export interface Coalescer<I> {
  /** Queues `input`; it replaces any input still waiting. */
  push(input: I): void;
  /** True while a request is in flight. */
  readonly busy: boolean;
  /** Resolves when nothing is in flight or waiting (for tests and shutdown). */
  idle(): Promise<void>;
}

export function createCoalescer<I, O>(
  run: (input: I) => Promise<O>,
  handlers: CoalescerHandlers<I, O>,
  options: CoalescerOptions = {},
): Coalescer<I> {
  const staleDeliveryMs = options.staleDeliveryMs ?? 50;
  const now = options.now ?? (() => performance.now());
  let inFlight = false;
  let pending: { input: I } | null = null;
  let lastDelivery = -Infinity;
  let idleWaiters: Array<() => void> = [];

  function settleIdle() {
    if (inFlight || pending) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  function start(input: I) {
    inFlight = true;
    let promise: Promise<O>;
    try {
      promise = Promise.resolve(run(input));
    } catch (e) {
      promise = Promise.reject(e);
    }
    promise.then(
      (result) => finish(input, true, result),
      (error: unknown) => finish(input, false, error),
    );
  }

  function finish(input: I, ok: boolean, value: unknown) {
    inFlight = false;
    const next = pending;
    pending = null;
    if (next) start(next.input);
    try {
      if (ok) {
        const t = now();
        if (!next || t - lastDelivery >= staleDeliveryMs) {
          lastDelivery = t;
          handlers.onResult(value as O, input);
        }
      } else if (!next) {
        handlers.onError(value, input);
      }
    } catch (e) {
      // A handler that throws must not stop the queue; report it and go on.
      console.error('coalescer handler failed', e);
    }
    settleIdle();
  }

  return {
    push(input: I) {
      if (inFlight) pending = { input };
      else start(input);
    },
    get busy() {
      return inFlight;
    },
    idle() {
      if (!inFlight && !pending) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}

/**
 * Calls `fn` once `ms` after the last `call` (typed fields commit when typing pauses). `flush`
 * runs a waiting call now; `cancel` drops it.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastArgs: A | null = null;
  return {
    call(...args: A) {
      lastArgs = args;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const a = lastArgs!;
        lastArgs = null;
        fn(...a);
      }, ms);
    },
    flush() {
      if (timer === null) return;
      clearTimeout(timer);
      timer = null;
      const a = lastArgs!;
      lastArgs = null;
      fn(...a);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      lastArgs = null;
    },
    get waiting() {
      return timer !== null;
    },
  };
}
