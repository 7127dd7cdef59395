import { helper1 } from "./h1.js";

export interface Shape5 { readonly id: number; name: string; tags?: string[] }

export function make5(id: number, name: string): Shape5 {
  return { id, name: name.trim(), tags: helper1(name) };
}

export class Registry5<T extends Shape5> {
  private readonly items = new Map<number, T>();
  add(item: T): this { this.items.set(item.id, item); return this; }
  find(id: number): T | undefined { return this.items.get(id); }
}
