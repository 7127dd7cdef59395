import { Report } from './view.js';
import { Kind, type Shape } from './shapes.js';

const shapes: Shape[] = [
  { kind: Kind.Square, size: 3 },
  { kind: Kind.Circle, size: 2 },
];
console.log(Report({ shapes }));
