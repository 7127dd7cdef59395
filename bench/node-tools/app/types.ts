export interface Options {
  readonly minTag: number;
  verbose?: boolean;
}

export type Mode = "fast" | "full";
