import { summarize25 } from "./mod25.ts";
import type { Options } from "./types.ts";

export interface Item26 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair26<K extends string, V> = { key: K; value: V };

export class Store26<T extends Item26> {
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

export function make26(id: number, label: string, options: Options): Item26 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 26) % 17, tags };
}

export function pairs26<V>(entries: Array<[string, V]>): Pair26<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair26<string, V> => ({ key, value }));
}

export function summarize26(count: number, options: Options): number {
  const store = new Store26<Item26>();
  for (let n: number = 0; n < count; n++) {
    store.add(make26(n, `item-26-${n}`, options));
  }
  const top: Item26[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item26): number => sum + item.weight, 0);
  return total + summarize25(count >> 1, options);
}
