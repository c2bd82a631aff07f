// Series colours readable on both themes (Okabe–Ito based, colour-blind safe order).
export const PALETTE = ['#2f7ed8', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#8c6d31', '#7f7f7f', '#b8a800', '#9467bd'];
export const color = (i: number) => PALETTE[i % PALETTE.length];

export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
