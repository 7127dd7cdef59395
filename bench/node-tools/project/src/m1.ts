import { helper2 } from "./h2.js";

export interface Shape1 { readonly id: number; name: string; tags?: string[] }

export function make1(id: number, name: string): Shape1 {
  return { id, name: name.trim(), tags: helper2(name) };
}

export class Registry1<T extends Shape1> {
  private readonly items = new Map<number, T>();
  add(item: T): this { this.items.set(item.id, item); return this; }
  find(id: number): T | undefined { return this.items.get(id); }
}
