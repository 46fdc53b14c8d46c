/**
 * The fast path of decimal.ts for everyday amounts: `units / 10^scale` with `units` a safe integer
 * (|units| < 2^53, where Number arithmetic on integers is exact), so money built-ins need no BigInt
 * allocations. Every function returns null when its result would not be exact — the caller then
 * uses decimal.ts, which gives the same answers for all inputs (see small-decimal.test.ts).
 */
export interface SmallDecimal {
  units: number;
  scale: number;
}

/** Plain decimal notation only; exponents, ".5" and "5." are left to decimal.ts. */
const PLAIN = /^([+-])?(\d+)(?:\.(\d+))?$/;
/** At most 15 significant digits convert to an exact integer Number. */
const MAX_DIGITS = 15;
const POWERS = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** Parses a number or plain decimal string; null when not numeric or not exactly representable here. */
export function parseSmall(value: unknown): SmallDecimal | null {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return { units: value, scale: 0 };
    if (!Number.isFinite(value)) return null;
    return parseText(String(value));
  }
  return typeof value === 'string' ? parseText(value.trim()) : null;
}

function parseText(text: string): SmallDecimal | null {
  const m = PLAIN.exec(text);
  if (!m) return null;
  const [, sign, whole, fraction = ''] = m;
  const digits = whole! + fraction;
  if (digits.length > MAX_DIGITS) return null;
  const units = Number(digits);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** 10^n × units when exact. */
function scaleUp(units: number, n: number): number | null {
  if (n === 0) return units;
  if (n >= POWERS.length) return null;
  const scaled = units * POWERS[n]!;
  return Number.isSafeInteger(scaled) ? scaled : null;
}

export function addSmall(a: SmallDecimal, b: SmallDecimal): SmallDecimal | null {
  const scale = Math.max(a.scale, b.scale);
  const x = scaleUp(a.units, scale - a.scale);
  const y = scaleUp(b.units, scale - b.scale);
  if (x === null || y === null) return null;
  const units = x + y;
  return Number.isSafeInteger(units) ? { units, scale } : null;
}

export function subSmall(a: SmallDecimal, b: SmallDecimal): SmallDecimal | null {
  return addSmall(a, { units: -b.units, scale: b.scale });
}

export function mulSmall(a: SmallDecimal, b: SmallDecimal): SmallDecimal | null {
  const units = a.units * b.units;
  return Number.isSafeInteger(units) ? { units, scale: a.scale + b.scale } : null;
}

/** Rounds half away from zero, like roundDecimal. */
export function roundSmall(a: SmallDecimal, places: number): SmallDecimal | null {
  if (a.scale <= places) {
    const units = scaleUp(a.units, places - a.scale);
    return units === null ? null : { units, scale: places };
  }
  const shift = a.scale - places;
  if (shift >= POWERS.length) return null;
  const divisor = POWERS[shift]!;
  const negative = a.units < 0;
  const abs = negative ? -a.units : a.units;
  let quotient = Math.floor(abs / divisor);
  // The float division can land one off; the integer remainder settles it exactly.
  let remainder = abs - quotient * divisor;
  if (remainder < 0) {
    quotient -= 1;
    remainder += divisor;
  } else if (remainder >= divisor) {
    quotient += 1;
    remainder -= divisor;
  }
  if (remainder * 2 >= divisor) quotient += 1;
  return { units: negative ? -quotient : quotient, scale: places };
}

/** Formats with exactly `scale` fraction digits, like formatDecimal. */
export function formatSmall(a: SmallDecimal): string {
  const negative = a.units < 0;
  const digits = String(negative ? -a.units : a.units).padStart(a.scale + 1, '0');
  const whole = digits.slice(0, digits.length - a.scale);
  const sign = negative && a.units !== 0 ? '-' : '';
  return sign + whole + (a.scale > 0 ? `.${digits.slice(digits.length - a.scale)}` : '');
}
