import { ConfigurationError } from '../../src/core/errors';

/** What a ConfigurationError must name. */
export interface ExpectedError {
  /** The logical construct path, e.g. `test/orders`. */
  readonly path: string;
  /** The property holding the bad value, e.g. `image`. */
  readonly property: string;
  /** The value received (as passed in); the message must show it. */
  readonly received: unknown;
}

/** How a received value must appear in the message. */
function shown(value: unknown): string {
  return value === undefined ? 'undefined' : typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/**
 * Runs `fn`, expects it to throw a ConfigurationError that names the construct path, the property
 * and the received value (in its fields and in its message), and returns the error.
 */
export function expectConfigError(fn: () => unknown, expected: ExpectedError): ConfigurationError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error(`expected a ConfigurationError for ${expected.property}, but nothing was thrown`);
  expect(thrown).toBeInstanceOf(ConfigurationError);
  const error = thrown as ConfigurationError;
  expect(error.name).toBe('ConfigurationError');
  expect(error.constructPath).toBe(expected.path);
  expect(error.property).toBe(expected.property);
  expect(error.message).toContain(`[${expected.path}]`);
  expect(error.message).toContain(`${expected.property}:`);
  expect(error.message).toContain(shown(expected.received));
  expect(error.value).toContain(shown(expected.received));
  // Every error says how to fix it.
  expect(error.fix.length).toBeGreaterThan(10);
  expect(error.message).toContain('Fix:');
  return error;
}
