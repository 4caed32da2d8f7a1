/** Handlebars templates are bundled as text (esbuild `--loader:.hbs=text`, a vitest plugin in tests). */
declare module '*.hbs' {
  const source: string;
  export default source;
}

/** The built-in framework files are bundled as text the same way (`--loader:.yaml=text`). */
declare module '*.yaml' {
  const source: string;
  export default source;
}
