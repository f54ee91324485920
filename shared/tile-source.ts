/** Where map tiles come from, in the form a Content-Security-Policy needs (the backend's and the desktop's). */

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * A tile URL is a template such as `https://{s}.tile.example.org/{z}/{x}/{y}.png`. CSP allows a
 * wildcard only as the host's first label, so a template there becomes `*`; anywhere else the
 * narrowest valid source left is the scheme alone.
 */
export function tileSource(tileUrl: string): string | undefined {
  const url = parseUrl(tileUrl);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  const port = url.port ? `:${url.port}` : '';
  const [first, ...rest] = url.hostname.split('.');
  if (first !== undefined && /[{}]/.test(first) && rest.length > 0 && !rest.some((label) => /[{}]/.test(label))) {
    return `${url.protocol}//*.${rest.join('.')}${port}`;
  }
  if (/[{}]/.test(url.hostname)) return url.protocol;
  return `${url.protocol}//${url.hostname}${port}`;
}
