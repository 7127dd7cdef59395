import { summarize23 } from "./mod23.ts";
import type { Options } from "./types.ts";

export interface Item24 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair24<K extends string, V> = { key: K; value: V };

export class Store24<T extends Item24> {
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

export function make24(id: number, label: string, options: Options): Item24 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 24) % 17, tags };
}

export function pairs24<V>(entries: Array<[string, V]>): Pair24<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair24<string, V> => ({ key, value }));
}

export function summarize24(count: number, options: Options): number {
  const store = new Store24<Item24>();
  for (let n: number = 0; n < count; n++) {
    store.add(make24(n, `item-24-${n}`, options));
  }
  const top: Item24[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item24): number => sum + item.weight, 0);
  return total + summarize23(count >> 1, options);
}
