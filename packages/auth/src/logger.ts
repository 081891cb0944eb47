/** Where the package reports what a caller may want to know but that is not an error. Messages hold no secrets. */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  warn: (message, fields) => console.warn(`[vendor-clients] ${message}`, ...(fields ? [fields] : [])),
};

export const silentLogger: Logger = { warn() {} };
