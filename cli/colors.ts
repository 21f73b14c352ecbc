/** ANSI styles, or identity functions when the stream is not a terminal (or NO_COLOR is set). */
export interface Colors {
  enabled: boolean;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const style = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** Colours for a stream: on only for a TTY, as every CLI convention here asks. */
export function colorsFor(stream: { isTTY?: boolean }): Colors {
  const enabled = Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
  const plain = (text: string) => text;
  return {
    enabled,
    red: enabled ? style(31, 39) : plain,
    yellow: enabled ? style(33, 39) : plain,
    green: enabled ? style(32, 39) : plain,
    cyan: enabled ? style(36, 39) : plain,
    magenta: enabled ? style(35, 39) : plain,
    dim: enabled ? style(2, 22) : plain,
    bold: enabled ? style(1, 22) : plain,
  };
}
