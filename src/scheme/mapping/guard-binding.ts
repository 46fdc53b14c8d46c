/**
 * Bindings the synchronous build reads per evaluation: `bindings[GUARD_BINDING]` is installed where
 * JSONata installs its no-op guardrails (no `timeout` or `stack` option), so limits cost one call
 * per step and no frame hooks; `bindings[LIMITS_BINDING]` gets every step's result (`result(value)`)
 * and every range's size before it is allocated (`range(size)`), for the size caps. Its own file because both the generator (render-sync-jsonata.ts) and
 * the engine need it, and the generator must not import the generated module it is about to replace.
 *
 * The names hold a space: JSONata's tokenizer ends a `$name` at whitespace, so no expression can
 * read (or call) them.
 */
export const GUARD_BINDING = 'qiao guardrails';
export const LIMITS_BINDING = 'qiao limits';
