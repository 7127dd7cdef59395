import { summarize16 } from "./mod16.ts";
import type { Options } from "./types.ts";

export interface Item17 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair17<K extends string, V> = { key: K; value: V };

export class Store17<T extends Item17> {
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

export function make17(id: number, label: string, options: Options): Item17 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 17) % 17, tags };
}

export function pairs17<V>(entries: Array<[string, V]>): Pair17<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair17<string, V> => ({ key, value }));
}

export function summarize17(count: number, options: Options): number {
  const store = new Store17<Item17>();
  for (let n: number = 0; n < count; n++) {
    store.add(make17(n, `item-17-${n}`, options));
  }
  const top: Item17[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item17): number => sum + item.weight, 0);
  return total + summarize16(count >> 1, options);
}
