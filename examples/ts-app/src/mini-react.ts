// A tiny string renderer in place of React: enough for the classic JSX factory.
type Props = Record<string, unknown> | null;
type Component = (props: Record<string, unknown>) => string;

export function createElement(type: string | Component, props: Props, ...children: unknown[]): string {
  if (typeof type === 'function') return type({ ...props, children });
  const attributes = Object.entries(props ?? {}).map(([key, value]) => ` ${key}="${String(value)}"`).join('');
  return `<${type}${attributes}>${children.flat().join('')}</${type}>`;
}

export const Fragment = ({ children }: { children?: unknown[] }) => (children ?? []).flat().join('');

export default { createElement, Fragment };
