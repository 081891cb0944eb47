const quote = (value: unknown) => {
  const s = value === undefined || value === null ? "" : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const toCsv = (rows: readonly (readonly unknown[])[]) => `${rows.map((r) => r.map(quote).join(",")).join("\n")}\n`;
