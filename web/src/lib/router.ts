import { useEffect, useState } from 'react';

/** The current hash route: `#/records/s1/XSDD001?status=failed` → path + query. */
export interface Route {
  path: string;
  segments: string[];
  query: URLSearchParams;
}

function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = raw.split('?');
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  return { path, segments, query: new URLSearchParams(queryPart) };
}

/** Hash routing, so the API server needs no SPA fallback and reloads keep the page. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Goes to a route such as `/schemes/abc`; `replace` keeps the back button history clean. */
export function navigate(to: string, replace = false): void {
  const hash = `#${to}`;
  if (replace) {
    window.history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

/** Builds a hash href from path segments (each encoded) and query values. */
export function href(segments: string[], params?: Record<string, string | undefined>): string {
  const path = `/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v) search.set(k, v);
  const q = search.toString();
  return `#${path}${q ? `?${q}` : ''}`;
}
