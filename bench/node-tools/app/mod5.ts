import { summarize4 } from "./mod4.ts";
import type { Options } from "./types.ts";

export interface Item5 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair5<K extends string, V> = { key: K; value: V };

export class Store5<T extends Item5> {
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

export function make5(id: number, label: string, options: Options): Item5 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 5) % 17, tags };
}

export function pairs5<V>(entries: Array<[string, V]>): Pair5<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair5<string, V> => ({ key, value }));
}

export function summarize5(count: number, options: Options): number {
  const store = new Store5<Item5>();
  for (let n: number = 0; n < count; n++) {
    store.add(make5(n, `item-5-${n}`, options));
  }
  const top: Item5[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item5): number => sum + item.weight, 0);
  return total + summarize4(count >> 1, options);
}
