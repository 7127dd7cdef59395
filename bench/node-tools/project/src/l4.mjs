export function lint4(values) {
  const out = [];
  for (const value of values) {
    if (value === 4) out.push(value * 2);
  }
  return out;
}
