/**
 * Exact decimal arithmetic on BigInt scaled integers, so money never drifts the way binary floats
 * do (0.1 + 0.2 = 0.30000000000000004). A value is `units / 10^scale`.
 */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a number or decimal string ("19.99", "-3", "1e-7", " 12.50 "); null when not numeric. */
export function parseDecimal(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'bigint') {
    return { units: value, scale: 0 };
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const [, sign, whole = '', fraction = '', exponent] = m;
  if (whole === '' && fraction === '') return null;
  let units = BigInt((whole || '0') + fraction);
  let scale = fraction.length - (exponent ? Number(exponent) : 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: sign === '-' ? -units : units, scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x + y, scale };
}

export function subDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x - y, scale };
}

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Rounds half away from zero ("half-up" as accountants mean it: 0.125 → 0.13, -0.125 → -0.13). */
export function roundDecimal(a: Decimal, places: number): Decimal {
  if (a.scale <= places) return { units: a.units * 10n ** BigInt(places - a.scale), scale: places };
  const divisor = 10n ** BigInt(a.scale - places);
  const negative = a.units < 0n;
  const abs = negative ? -a.units : a.units;
  let quotient = abs / divisor;
  if ((abs % divisor) * 2n >= divisor) quotient += 1n;
  return { units: negative ? -quotient : quotient, scale: places };
}

/** Formats with exactly `scale` fraction digits: { units: 30n, scale: 2 } → "0.30". */
export function formatDecimal(a: Decimal): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const whole = digits.slice(0, digits.length - a.scale);
  const fraction = digits.slice(digits.length - a.scale);
  const sign = negative && /[1-9]/.test(digits) ? '-' : '';
  return sign + whole + (a.scale > 0 ? `.${fraction}` : '');
}
