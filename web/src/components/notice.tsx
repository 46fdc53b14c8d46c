import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

type Tone = 'ok' | 'error' | 'info';
interface Notice {
  id: number;
  tone: Tone;
  text: string;
}

const NoticeContext = createContext<(text: string, tone?: Tone) => void>(() => undefined);

/** Toast messages in the top-right corner; each disappears after a few seconds. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Notice[]>([]);
  const push = useCallback((text: string, tone: Tone = 'ok') => {
    const id = Date.now() + Math.random();
    setItems((list) => [...list, { id, tone, text }]);
    window.setTimeout(() => setItems((list) => list.filter((n) => n.id !== id)), tone === 'error' ? 8000 : 4000);
  }, []);
  return (
    <NoticeContext.Provider value={push}>
      {children}
      <div className="toasts">
        {items.map((n) => (
          <div key={n.id} className={`toast toast-${n.tone}`} data-testid="toast">
            {n.text}
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

/** `notify(text, tone)` shows a toast. */
export function useNotify(): (text: string, tone?: Tone) => void {
  return useContext(NoticeContext);
}
