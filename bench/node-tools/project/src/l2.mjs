export function lint2(values) {
  const out = [];
  for (const value of values) {
    if (value === 2) out.push(value * 2);
  }
  return out;
}
