/** `wipeout --help`: every command and the environment, in one screen. */
export const MAIN_HELP = `
  Savable, debuggable crashes for Node.js

  Usage
    $ wipeout <command> [options]

  Commands
    show <file|url> [--json]            Print a saved crash: error, causes, frames, source, locals
    load [--file] <file|url>            Open a saved crash in a debugger
         [--debugger <spec>] [--storage-options <json>]
         [--dap <port|stdio>] [--inspect [host:]<port>] [--host <host>] [--once]
                                        show, load and list take --identity <file> for dumps
                                        encrypted with age (else WIPEOUT_IDENTITY)
    run [--debugger <spec>] <script> [args…]
                                        Run a script with the crash hook; on a crash, open the debugger
    list <dir|url> [--json]             One line per saved crash, newest first
         [--group | --commands]         --group: one line per distinct error (fingerprint), with a
                                        count; --commands: the commands that open each (for CI logs)
    dap                                 A DAP adapter on stdin/stdout, for editors that start it;
                                        their launch/attach arguments name the dump ({ "dump": … })
    env                                 The NODE_OPTIONS line that preloads the hook by its absolute
                                        path, for every Node process: eval "$(wipeout env)"

  Debuggers (--debugger, else WIPEOUT_DEBUGGER)
    repl (default)  the terminal debugger      dap, dap:PORT, dap:HOST:PORT, dap:stdio  a DAP server
    0               print the summary only     inspect, inspect:PORT, inspect:HOST:PORT  a Node inspector
                                               target for Chrome DevTools, VS Code, WebStorm (no extension)
    ./file.js, pkg, pkg#export  your function, called with the dump

  Environment
    WIPEOUT_FILE, WIPEOUT_STORAGE_OPTIONS, WIPEOUT_DEBUGGER, WIPEOUT, WIPEOUT_REDACT,
    WIPEOUT_LIMITS, WIPEOUT_MAX_PER_MINUTE, WIPEOUT_UPLOAD_TIMEOUT, WIPEOUT_KEEP_LOCAL,
    WIPEOUT_RECIPIENTS, WIPEOUT_IDENTITY, WIPEOUT_HISTORY, WIPEOUT_EVALUATOR_MEMORY, WIPEOUT_DEBUG,
    WIPEOUT_TEST_DUMPS, WIPEOUT_TEST_MAX_DUMPS, WIPEOUT_HANDLED_WINDOW
    (see README and docs/SECURITY.md)

  Examples
    $ node --import wipeout/register app.js
    $ wipeout show crash.wipeout
    $ wipeout load --file s3://bucket/crash.wipeout --dap 4711
    $ wipeout load --file crash.wipeout --inspect 9229
    $ wipeout run app.ts
`.replace(/^\n/, '');
