// Light or dark: follows prefers-color-scheme until the user picks one (kept in localStorage).
import { createStore } from './store';

export type Theme = 'light' | 'dark';
const KEY = 'crema.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

function initial(): { theme: Theme; chosen: boolean } {
  const saved = localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return { theme: saved, chosen: true };
  return { theme: media.matches ? 'dark' : 'light', chosen: false };
}

const start = initial();
let chosen = start.chosen;
export const theme = createStore<Theme>(start.theme);

function apply(t: Theme) {
  document.documentElement.dataset.theme = t;
}
apply(start.theme);
theme.subscribe(apply);
media.addEventListener('change', e => {
  if (!chosen) theme.set(e.matches ? 'dark' : 'light');
});

export function toggleTheme() {
  chosen = true;
  const next = theme.get() === 'dark' ? 'light' : 'dark';
  localStorage.setItem(KEY, next);
  theme.set(next);
}

/** Chart colours read from the CSS variables of the current theme. */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
