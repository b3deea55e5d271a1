/**
 * Which unit of work the running code is inside. A store call made through the root store while
 * a unit of the same store is open in this async context joins that unit (a plain statement runs
 * on it, a unit becomes its savepoint) instead of waiting for the writer's turn the unit itself
 * holds — which would wait forever. So services compose: a function that opens its own unit may
 * be called from inside another one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Queryable } from './store';

export interface OpenUnit extends Queryable {
  /** False once the unit has ended (callbacks scheduled inside it may outlive it). */
  readonly open: boolean;
}

export class UnitContext {
  private readonly als = new AsyncLocalStorage<OpenUnit>();

  /** The unit this async context runs in, while it is still open. */
  current(): OpenUnit | undefined {
    const unit = this.als.getStore();
    return unit?.open ? unit : undefined;
  }

  runIn<T>(unit: OpenUnit, fn: () => Promise<T>): Promise<T> {
    return this.als.run(unit, fn);
  }
}
