/**
 * ${VAR} and ${VAR:-default} in configuration values, resolved from the environment at load time
 * so credentials never have to be written into files. `$${` writes a literal `${`.
 */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationResult {
  value: string;
  /** Variables that were referenced without a default and are not set. */
  missing: string[];
  /** Variable names used (set or defaulted). */
  used: string[];
  /** Variables written with a non-empty default (`${NAME:-value}`): the value is in the file itself. */
  defaulted: string[];
  /** Whether the whole value was exactly one reference (so it may take the variable's YAML type). */
  whole: boolean;
}

/** Replaces references in `text` from `env`. `${VAR:-x}` uses x when VAR is unset or empty; `${VAR}` set to "" gives "". */
export function interpolateEnv(text: string, env: Record<string, string | undefined>): InterpolationResult {
  const missing: string[] = [];
  const used: string[] = [];
  const defaulted: string[] = [];
  let references = 0;
  const value = text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    references++;
    used.push(name as string);
    if (fallback) defaulted.push(name as string);
    const set = env[name as string];
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    if (set === '') return '';
    missing.push(name as string);
    return '';
  });
  const whole = references === 1 && /^\$\{[^}]*\}$/.test(text);
  return { value, missing, used, defaulted, whole };
}

/** Whether a variable name suggests it holds a secret (…_PASSWORD, …_SECRET, …_TOKEN, …_KEY). */
export function isSecretVariableName(name: string): boolean {
  return /(PASS|SECRET|TOKEN|KEY|CREDENTIAL|SIGN)/i.test(name);
}
