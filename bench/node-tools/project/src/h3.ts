export function helper3(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 3);
}
