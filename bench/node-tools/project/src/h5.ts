export function helper5(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 5);
}
