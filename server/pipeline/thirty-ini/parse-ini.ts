/**
 * A line-based reader for Python-configparser-style INI text (thirty.ini comes from a
 * Python platform). Written here rather than taken from a library because the deploy
 * logbook must name the line of every problem, and the maintained INI packages neither
 * report line numbers nor reject malformed lines (they skip them silently).
 */
export type IniEntry = { key: string; value: string; line: number };
export type IniSection = { name: string; line: number; entries: IniEntry[] };
export type IniProblem = { line: number; message: string };

export type ParsedIni = { sections: IniSection[]; errors: IniProblem[] };

const SECTION = /^\[([^\]]+)\]\s*(?:[#;].*)?$/;
const ENTRY = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/;

export function parseIni(text: string): ParsedIni {
  const sections: IniSection[] = [];
  const errors: IniProblem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  let current: IniSection | undefined;
  let last: IniEntry | undefined;

  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) {
      last = undefined;
      return;
    }
    // An indented line continues the previous value, as in configparser.
    if (/^\s/.test(raw) && last) {
      last.value = `${last.value}\n${trimmed}`;
      return;
    }
    const header = SECTION.exec(trimmed);
    if (header) {
      const name = (header[1] ?? "").trim();
      if (sections.some((s) => s.name === name)) {
        errors.push({ line, message: `section [${name}] appears twice` });
      }
      current = { name, line, entries: [] };
      sections.push(current);
      last = undefined;
      return;
    }
    const entry = ENTRY.exec(trimmed);
    if (!entry) {
      errors.push({
        line,
        message: `\`${trimmed.slice(0, 60)}\` is not a section header, a \`key = value\` line or a comment`,
      });
      return;
    }
    if (!current) {
      errors.push({ line, message: `\`${(entry[1] ?? "").trim()}\` comes before any [section]` });
      return;
    }
    const key = (entry[1] ?? "").trim();
    if (current.entries.some((e) => e.key === key)) {
      errors.push({ line, message: `\`${key}\` is set twice in [${current.name}]` });
      return;
    }
    last = { key, value: (entry[2] ?? "").trim(), line };
    current.entries.push(last);
  });
  return { sections, errors };
}
