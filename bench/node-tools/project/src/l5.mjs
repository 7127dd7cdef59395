export function lint5(values) {
  const out = [];
  for (const value of values) {
    if (value === 5) out.push(value * 2);
  }
  return out;
}
