export function lint3(values) {
  const out = [];
  for (const value of values) {
    if (value === 3) out.push(value * 2);
  }
  return out;
}
