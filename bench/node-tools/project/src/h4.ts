export function helper4(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 4);
}
