export function lint1(values) {
  const out = [];
  for (const value of values) {
    if (value === 1) out.push(value * 2);
  }
  return out;
}
