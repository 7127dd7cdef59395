import { summarize29 } from "./mod29.ts";
import type { Options } from "./types.ts";

export interface Item30 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair30<K extends string, V> = { key: K; value: V };

export class Store30<T extends Item30> {
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

export function make30(id: number, label: string, options: Options): Item30 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 30) % 17, tags };
}

export function pairs30<V>(entries: Array<[string, V]>): Pair30<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair30<string, V> => ({ key, value }));
}

export function summarize30(count: number, options: Options): number {
  const store = new Store30<Item30>();
  for (let n: number = 0; n < count; n++) {
    store.add(make30(n, `item-30-${n}`, options));
  }
  const top: Item30[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item30): number => sum + item.weight, 0);
  return total + summarize29(count >> 1, options);
}
