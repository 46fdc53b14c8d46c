/**
 * Binding that carries a guard for the evaluation's per-step guardrail: the synchronous build
 * installs `bindings[GUARD_BINDING]` where JSONata installs its no-op guardrails (no `timeout` or
 * `stack` option), so limits cost one call per step and no frame hooks. Its own file because both
 * the generator (render-sync-jsonata.ts) and the engine need it, and the generator must not import
 * the generated module it is about to replace.
 */
export const GUARD_BINDING = '__qiaoGuardrails';
