// CommonJS entry of the stdio adapter, for editors that load it with require(): VS Code (and
// VSCodium, code-server) run a debug adapter whose command is `node` as
// `<its own runtime> -e "require(process.argv[1])" main.cjs`, and require() cannot load main.js,
// an ES module with top-level await (ERR_REQUIRE_ASYNC_MODULE on Node 22+, ERR_REQUIRE_ESM before).
import('./main.js');
