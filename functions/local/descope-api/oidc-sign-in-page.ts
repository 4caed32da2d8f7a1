/** Characters that must not reach HTML unescaped. */
const HTML_ESCAPES = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
]);
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES.get(c) ?? c);

/**
 * The stand-in of Descope's hosted sign-in flow: one form asking for a login ID, carrying the
 * authorization request in hidden fields. No script, like the page it stands in for from the
 * review page's side (the reviewer's browser only follows redirects and posts a form).
 */
export function renderSignInPage(params: ReadonlyMap<string, string>, error = ''): string {
  const hidden = [...params]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Sign in – Descope (local stand-in)</title></head>
  <body>
    <main>
      <h1>Sign in</h1>
      <p>Descope hosted flow (local stand-in): enter the login ID of a user of the project.</p>
      ${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
      <form method="post" action="/oauth2/v1/authorize">
      ${hidden}
        <label>Login ID <input name="login_id" type="text" autocomplete="username" required></label>
        <button type="submit">Continue</button>
      </form>
    </main>
  </body>
</html>
`;
}
