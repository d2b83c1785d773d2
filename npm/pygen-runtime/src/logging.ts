/**
 * Logging hooks. The runtime never prints on its own: pass a {@link Logger} in the client configuration (for
 * example {@link consoleLogger}) to see requests at debug level and retries at warning level.
 *
 * @module
 */

/** Where the runtime reports what it does. Context objects never contain credentials. */
export interface Logger {
  debug(message: string, context?: Readonly<Record<string, unknown>>): void;
  warn(message: string, context?: Readonly<Record<string, unknown>>): void;
}

/** The default: says nothing. */
export const silentLogger: Logger = {
  debug() {},
  warn() {},
};

/** A logger writing to `console`; `level: "debug"` includes every request, `"warn"` only retries. */
export function consoleLogger(level: "debug" | "warn" = "warn"): Logger {
  return {
    debug(message, context) {
      if (level === "debug") {
        console.debug(`[pygen-runtime] ${message}`, context ?? "");
      }
    },
    warn(message, context) {
      console.warn(`[pygen-runtime] ${message}`, context ?? "");
    },
  };
}

/** Copies headers for logging with the credentials replaced by `***`. */
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    redacted[name] = /^(authorization|api-key|cookie)$/i.test(name)
      ? "***"
      : value;
  }
  return redacted;
}
