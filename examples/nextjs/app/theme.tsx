'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

type Theme = 'light' | 'dark';

const ThemeContext = createContext<{ theme: Theme; setTheme: (theme: Theme) => void }>({
  theme: 'light',
  setTheme: () => {},
});

/** The host owns dark mode: a class on <html> for its own styles, and the theme for the viewer. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useState<Theme>('light');
  useEffect(() => {
    document.documentElement.classList.toggle('dark', theme === 'dark');
  }, [theme]);
  return <ThemeContext value={{ theme, setTheme }}>{children}</ThemeContext>;
}

export function useTheme() {
  return useContext(ThemeContext).theme;
}

export function ThemeToggle() {
  const { theme, setTheme } = useContext(ThemeContext);
  const dark = theme === 'dark';
  return (
    <button type="button" aria-pressed={dark} onClick={() => setTheme(dark ? 'light' : 'dark')}>
      Dark mode
    </button>
  );
}
