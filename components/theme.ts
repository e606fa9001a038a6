/** The theme a person picked, kept per browser in a cookie the server reads (no flash, no script). */
export const THEME_COOKIE = "latchkey-theme";
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const parseTheme = (value: string | undefined): Theme => (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
