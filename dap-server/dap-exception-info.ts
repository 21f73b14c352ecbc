import type { DebugProtocol } from '@vscode/debugprotocol';
import { CHANGED_AFTER_THROW_HEADING, changesAfterThrowLines, type CauseView, type DumpModel } from '../loader/index.js';

/** Causes nested at most: clients render `innerException` recursively. */
const MAX_DEPTH = 32;

/**
 * `exceptionInfo`: the escaping error, with its `cause` chain twice: as nested `innerException`s
 * (the protocol's place, read by Visual Studio and other clients) and written out after the stack
 * in `details.stackTrace`, as Node prints it (`[cause]: …`), because VS Code's exception widget
 * shows only the id, the description and that string.
 */
export function dapExceptionInfo(model: DumpModel): DebugProtocol.ExceptionInfoResponse['body'] {
  const { exception } = model;
  const details: DebugProtocol.ExceptionDetails = {
    message: exception.message,
    typeName: exception.name,
    fullTypeName: exception.value.className ?? exception.name,
  };
  // What changed after the throw goes first: the reader of the widget sees it before the stack.
  const parts: string[] = [];
  if (exception.changedAfterThrow) {
    parts.push([CHANGED_AFTER_THROW_HEADING, ...changesAfterThrowLines(exception.changedAfterThrow).map((line) => `  ${line}`)].join('\n'));
  }
  if (exception.stack !== undefined) parts.push(exception.stack);
  parts.push(...causeLines(exception.causes));
  if (parts.length > 0) details.stackTrace = parts.join('\n');
  const inner = causeDetails(exception.causes, 0);
  if (inner) details.innerException = [inner];
  const how = exception.reason === 'unhandledRejection'
    ? 'unhandled rejection'
    : exception.reason === 'manual'
      ? 'saved by dump()'
      : exception.escape?.thrownIn === 'commonjs' ? exception.how : 'uncaught exception';
  return {
    exceptionId: exception.name,
    description: `${exception.message} (${how}, saved ${model.time})`,
    breakMode: 'unhandled',
    details,
  };
}

function causeDetails(causes: CauseView[], depth: number): DebugProtocol.ExceptionDetails | undefined {
  const cause = causes[depth];
  if (!cause || depth >= MAX_DEPTH) return undefined;
  const details: DebugProtocol.ExceptionDetails = { message: cause.message, typeName: cause.name };
  if (cause.value?.className) details.fullTypeName = cause.value.className;
  if (cause.stack !== undefined) details.stackTrace = cause.stack;
  const inner = causeDetails(causes, depth + 1);
  if (inner) details.innerException = [inner];
  return details;
}

/** Each cause's stack (or `name: message`), indented one step deeper per level as `util.inspect` nests them. */
function causeLines(causes: CauseView[]): string[] {
  return causes.slice(0, MAX_DEPTH).map((cause, depth) => {
    const indent = '  '.repeat(depth + 1);
    const text = cause.stack ?? `${cause.name}: ${cause.message}`;
    return text.split('\n').map((line, at) => (at === 0 ? `${indent}[cause]: ${line}` : `${indent}${line}`)).join('\n');
  });
}
