export function helper1(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 1);
}
