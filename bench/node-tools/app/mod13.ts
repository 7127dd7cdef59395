import { summarize12 } from "./mod12.ts";
import type { Options } from "./types.ts";

export interface Item13 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair13<K extends string, V> = { key: K; value: V };

export class Store13<T extends Item13> {
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

export function make13(id: number, label: string, options: Options): Item13 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 13) % 17, tags };
}

export function pairs13<V>(entries: Array<[string, V]>): Pair13<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair13<string, V> => ({ key, value }));
}

export function summarize13(count: number, options: Options): number {
  const store = new Store13<Item13>();
  for (let n: number = 0; n < count; n++) {
    store.add(make13(n, `item-13-${n}`, options));
  }
  const top: Item13[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item13): number => sum + item.weight, 0);
  return total + summarize12(count >> 1, options);
}
