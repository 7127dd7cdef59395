export const now = () => new Date(0).toISOString();
export default now;
