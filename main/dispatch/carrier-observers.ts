/** Who hears of each create sent to a carrier (metrics' latency histogram), kept apart from the dispatcher's work. */
import { CarrierError } from '../carriers/carrier-port';
import type { Logger } from '../log';

/** Told of every create sent to a carrier: its channel, how long it took, and how it ended (metrics). */
export type CarrierRequestObserver = (channel: 'voice' | 'sms', ms: number, outcome: 'created' | 'rate_limited' | 'unreachable' | 'rejected' | 'in_doubt') => void;

export class CarrierObservers {
  private readonly observers = new Set<CarrierRequestObserver>();

  constructor(private readonly log: Logger) {}

  /** Hears every create from now on; returns how to stop. */
  add(observer: CarrierRequestObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Times a create for the observers; what it answers or throws passes through unchanged. */
  async timed<T>(channel: 'voice' | 'sms', create: Promise<T>): Promise<T> {
    if (this.observers.size === 0) return create;
    const started = performance.now();
    // An observer that throws must not turn a created call into a failed one (or the reverse).
    const tell = (outcome: Parameters<CarrierRequestObserver>[2]) => {
      const ms = performance.now() - started;
      for (const observer of this.observers) {
        try {
          observer(channel, ms, outcome);
        } catch (err) {
          this.log.warn({ err }, 'a carrier request observer failed');
        }
      }
    };
    let answer: T;
    try {
      answer = await create;
    } catch (error) {
      tell(error instanceof CarrierError ? error.failure.kind : 'in_doubt');
      throw error;
    }
    tell('created');
    return answer;
  }
}
