export function helper2(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 2);
}
