import { summarize9 } from "./mod9.ts";
import type { Options } from "./types.ts";

export interface Item10 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair10<K extends string, V> = { key: K; value: V };

export class Store10<T extends Item10> {
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

export function make10(id: number, label: string, options: Options): Item10 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 10) % 17, tags };
}

export function pairs10<V>(entries: Array<[string, V]>): Pair10<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair10<string, V> => ({ key, value }));
}

export function summarize10(count: number, options: Options): number {
  const store = new Store10<Item10>();
  for (let n: number = 0; n < count; n++) {
    store.add(make10(n, `item-10-${n}`, options));
  }
  const top: Item10[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item10): number => sum + item.weight, 0);
  return total + summarize9(count >> 1, options);
}
