import type { Options } from "./types.ts";

export interface Item1 {
  readonly id: number;
  label: string;
  weight: number;
  tags: ReadonlyArray<string>;
  meta?: Record<string, unknown>;
}

export type Pair1<K extends string, V> = { key: K; value: V };

export class Store1<T extends Item1> {
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

export function make1(id: number, label: string, options: Options): Item1 {
  const tags: string[] = label.split(/[-_ ]/).filter((t: string): boolean => t.length > options.minTag);
  return { id, label: label.trim(), weight: (id * 1) % 17, tags };
}

export function pairs1<V>(entries: Array<[string, V]>): Pair1<string, V>[] {
  return entries.map(([key, value]: [string, V]): Pair1<string, V> => ({ key, value }));
}

export function summarize1(count: number, options: Options): number {
  const store = new Store1<Item1>();
  for (let n: number = 0; n < count; n++) {
    store.add(make1(n, `item-1-${n}`, options));
  }
  const top: Item1[] = store.heaviest();
  const total: number = top.reduce((sum: number, item: Item1): number => sum + item.weight, 0);
  return total;
}
