// CommonJS entry of `wipeout/register`, for `node -r wipeout/register`. Node >= 20.19 loads the
// ES module synchronously through require(), so the hook is installed before the main module runs.
require('./preload.js');
