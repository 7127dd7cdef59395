import { summarize3 } from "./mod3.ts";
import type { Options } from "./types.ts";

export interface Item4 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair4<K extends string, V> = { key: K; value: V };

export class Store4<T extends Item4> {
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

export function make4(id: number, label: string, options: Options): Item4 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 4) % 17, tags };
}

export function pairs4<V>(entries: Array<[string, V]>): Pair4<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair4<string, V> => ({ key, value }));
}

export function summarize4(count: number, options: Options): number {
  const store = new Store4<Item4>();
  for (let n: number = 0; n < count; n++) {
    store.add(make4(n, `item-4-${n}`, options));
  }
  const top: Item4[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item4): number => sum + item.weight, 0);
  return total + summarize3(count >> 1, options);
}
