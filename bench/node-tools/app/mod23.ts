import { summarize22 } from "./mod22.ts";
import type { Options } from "./types.ts";

export interface Item23 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair23<K extends string, V> = { key: K; value: V };

export class Store23<T extends Item23> {
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

export function make23(id: number, label: string, options: Options): Item23 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 23) % 17, tags };
}

export function pairs23<V>(entries: Array<[string, V]>): Pair23<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair23<string, V> => ({ key, value }));
}

export function summarize23(count: number, options: Options): number {
  const store = new Store23<Item23>();
  for (let n: number = 0; n < count; n++) {
    store.add(make23(n, `item-23-${n}`, options));
  }
  const top: Item23[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item23): number => sum + item.weight, 0);
  return total + summarize22(count >> 1, options);
}
