import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';

export interface ApiState<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  /** Fetches again now (keeps showing the previous data meanwhile). */
  reload: () => void;
}

/**
 * GETs `path` (null = nothing to fetch) and, when `refreshMs` is given, again every `refreshMs`
 * milliseconds while the tab is visible. Old answers never overwrite newer ones.
 */
export function useApi<T>(path: string | null, refreshMs?: number): ApiState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the refresh trigger; it is meant to re-run the fetch
  useEffect(() => {
    if (path === null) {
      setData(null);
      setLoading(false);
      return;
    }
    const mine = ++seq.current;
    const controller = new AbortController();
    setLoading(true);
    api<T>(path, { signal: controller.signal })
      .then((value) => {
        if (mine !== seq.current) return;
        setData(value);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (mine !== seq.current || controller.signal.aborted) return;
        setError(caught instanceof Error ? caught : new Error(String(caught)));
      })
      .finally(() => {
        if (mine === seq.current) setLoading(false);
      });
    return () => controller.abort();
  }, [path, tick]);

  useEffect(() => {
    if (!refreshMs || path === null) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    }, refreshMs);
    return () => window.clearInterval(timer);
  }, [refreshMs, path]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
