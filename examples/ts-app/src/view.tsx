import React from './mini-react.js';
import { area, Kind, type Shape } from './shapes.js';

export function Report({ shapes }: { shapes: Shape[] }) {
  return <ul class="report">{shapes.map((shape) => <li>{Kind[shape.kind]}: {area(shape)}</li>)}</ul>;
}
