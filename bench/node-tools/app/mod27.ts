import { summarize26 } from "./mod26.ts";
import type { Options } from "./types.ts";

export interface Item27 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair27<K extends string, V> = { key: K; value: V };

export class Store27<T extends Item27> {
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

export function make27(id: number, label: string, options: Options): Item27 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 27) % 17, tags };
}

export function pairs27<V>(entries: Array<[string, V]>): Pair27<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair27<string, V> => ({ key, value }));
}

export function summarize27(count: number, options: Options): number {
  const store = new Store27<Item27>();
  for (let n: number = 0; n < count; n++) {
    store.add(make27(n, `item-27-${n}`, options));
  }
  const top: Item27[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item27): number => sum + item.weight, 0);
  return total + summarize26(count >> 1, options);
}
