import { summarize21 } from "./mod21.ts";
import type { Options } from "./types.ts";

export interface Item22 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair22<K extends string, V> = { key: K; value: V };

export class Store22<T extends Item22> {
  private readonly items = new Map<number, T>();
  #version: number = 0;

  add(item: T): this {
    this.items.set(item.id, item);
    this.#version++;
    return this;
  }

  find(id: number): T | undefined {
    return this.items.get(id);
  }

  heaviest(limit: number = 3): T[] {
    return [...this.items.values()].sort((a: T, b: T): number => b.weight - a.weight).slice(0, limit);
  }

  get version(): number {
    return this.#version;
  }
}

export function make22(id: number, label: string, options: Options): Item22 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 22) % 17, tags };
}

export function pairs22<V>(entries: Array<[string, V]>): Pair22<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair22<string, V> => ({ key, value }));
}

export function summarize22(count: number, options: Options): number {
  const store = new Store22<Item22>();
  for (let n: number = 0; n < count; n++) {
    store.add(make22(n, `item-22-${n}`, options));
  }
  const top: Item22[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item22): number => sum + item.weight, 0);
  return total + summarize21(count >> 1, options);
}
