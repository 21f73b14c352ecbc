import type { DebugProtocol } from '@vscode/debugprotocol';
import { CHANGED_AFTER_THROW_HEADING, changesAfterThrowLines, type CauseView, type DumpModel } from '../loader/index.js';

/** Causes nested at most: clients render `innerException` recursively. */
const MAX_DEPTH = 32;

/** `exceptionInfo`: the escaping error, with its `cause` chain as nested `innerException`s. */
export function dapExceptionInfo(model: DumpModel): DebugProtocol.ExceptionInfoResponse['body'] {
  const { exception } = model;
  const details: DebugProtocol.ExceptionDetails = {
    message: exception.message,
    typeName: exception.name,
    fullTypeName: exception.value.className ?? exception.name,
  };
  if (exception.stack !== undefined) details.stackTrace = exception.stack;
  // VS Code shows the stack trace in the exception widget: what changed after the throw goes first.
  if (exception.changedAfterThrow) {
    const changed = [CHANGED_AFTER_THROW_HEADING, ...changesAfterThrowLines(exception.changedAfterThrow).map((line) => `  ${line}`)].join('\n');
    details.stackTrace = details.stackTrace === undefined ? changed : `${changed}\n${details.stackTrace}`;
  }
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
