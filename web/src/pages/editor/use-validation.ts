import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { SchemeValidationIssue, ValidationResult } from '../../api/types.js';
import { useDebounced } from '../../hooks/use-debounced.js';

export type ValidationState = 'validating' | 'valid' | 'invalid';

/** Delay between the last keystroke and the validation request (milliseconds). */
export const VALIDATE_DEBOUNCE_MS = 400;

/**
 * Validates the YAML with POST /api/schemes/validate, debounced. `valid` only ever describes the
 * current text: while the text changes or a request is in flight the state is `validating`.
 */
export function useValidation(text: string | null): {
  state: ValidationState;
  issues: SchemeValidationIssue[];
  validText: string | null;
} {
  const settled = useDebounced(text, VALIDATE_DEBOUNCE_MS);
  const [result, setResult] = useState<{ text: string; ok: boolean; issues: SchemeValidationIssue[] } | null>(null);

  useEffect(() => {
    if (settled === null) return;
    const controller = new AbortController();
    api<ValidationResult>('/api/schemes/validate', { body: { yaml: settled }, signal: controller.signal }).then(
      (r) => setResult({ text: settled, ok: r.ok, issues: r.ok ? [] : r.issues }),
      (e: unknown) => {
        if (!controller.signal.aborted)
          setResult({
            text: settled,
            ok: false,
            issues: [{ path: '', message: e instanceof Error ? e.message : String(e) }],
          });
      },
    );
    return () => controller.abort();
  }, [settled]);

  if (!result || result.text !== text) return { state: 'validating', issues: result?.issues ?? [], validText: null };
  return { state: result.ok ? 'valid' : 'invalid', issues: result.issues, validText: result.ok ? result.text : null };
}
