import type { Endpoint } from 'comlink';

/** The part of a Node `Worker` or `MessagePort` comlink needs (an EventEmitter, not an EventTarget). */
export interface NodeMessageEmitter {
  postMessage(message: unknown, transferList?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  off(event: 'message', listener: (data: unknown) => void): unknown;
  start?(): void;
}

/**
 * Adapts a Node `Worker` or `parentPort` (EventEmitters whose listeners receive the data itself) to the
 * `Endpoint` comlink expects (`addEventListener('message', (event) => event.data)`).
 */
export function nodeEndpoint(emitter: NodeMessageEmitter): Endpoint {
  const wrappers = new WeakMap<EventListenerOrEventListenerObject, (data: unknown) => void>();
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => emitter.postMessage(message, transfer as ArrayBuffer[] | undefined),
    addEventListener: (_type: string, listener: EventListenerOrEventListenerObject) => {
      const wrapper = (data: unknown): void => {
        const event = { data } as MessageEvent;
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      };
      wrappers.set(listener, wrapper);
      emitter.on('message', wrapper);
    },
    removeEventListener: (_type: string, listener: EventListenerOrEventListenerObject) => {
      const wrapper = wrappers.get(listener);
      if (!wrapper) return;
      emitter.off('message', wrapper);
      wrappers.delete(listener);
    },
    ...(emitter.start ? { start: () => emitter.start?.() } : {}),
  };
}
