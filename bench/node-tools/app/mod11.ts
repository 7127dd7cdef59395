import { summarize10 } from "./mod10.ts";
import type { Options } from "./types.ts";

export interface Item11 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair11<K extends string, V> = { key: K; value: V };

export class Store11<T extends Item11> {
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

export function make11(id: number, label: string, options: Options): Item11 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 11) % 17, tags };
}

export function pairs11<V>(entries: Array<[string, V]>): Pair11<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair11<string, V> => ({ key, value }));
}

export function summarize11(count: number, options: Options): number {
  const store = new Store11<Item11>();
  for (let n: number = 0; n < count; n++) {
    store.add(make11(n, `item-11-${n}`, options));
  }
  const top: Item11[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item11): number => sum + item.weight, 0);
  return total + summarize10(count >> 1, options);
}
