// Each secret shape of docs/SECURITY.md, captured by the real hook from a crash fixture, is absent
// from the dump bytes and shown with its reason by the real loader (`wipeout show`, the terminal
// debugger, DAP); the ordinary values that look close to a secret stay as they were.
import test from 'ava';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { freshDir, runFixture } from '../helpers/crash-run.js';
import { replInput, runCli } from '../helpers/cli-run.js';
import { attachAndStop, closeClient, connect, startServer, variablesByName } from '../helpers/dap-server.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/reliability/redaction-shapes.cjs', import.meta.url));

/** A random secret; the tag says where it was planted, so a leak names its place. */
const secret = (tag) => `${tag}-${randomBytes(10).toString('hex')}`;
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (sub) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub })}.${randomBytes(32).toString('base64url')}`;

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
const cfg = {
  pwd: secret('pwd'), pass: secret('pass'), auth: secret('auth'), key: secret('key'), pem: secret('pem'),
  signingKey: secret('signingKey'), credsUser: secret('credsUser'),
  sessionId: secret('sessionId'), sessionUser: secret('sessionUser'),
  redisPassword: secret('redisPassword'), atPassword: `${secret('atPassword')}@x${secret('afterAt')}`,
  queryToken: secret('queryToken'), hmac: secret('hmac'), xAuthUser: secret('xAuthUser'), xAuthEmail: secret('xAuthEmail'), symbolToken: secret('symbolToken'),
  privateKeyPem, jwt: jwt(secret('jwtSub')), jwtInline: jwt(secret('jwtInlineSub')),
  // A public key is not a secret: it must stay (a certificate would do as well).
  certificatePem: publicKey.export({ type: 'spki', format: 'pem' }),
};
const env = {
  SIGNING_KEY: secret('envSigningKey'), SMTP_PASS: secret('envSmtpPass'), ADMIN_PWD: secret('envAdminPwd'), PROXY_AUTH: secret('envProxyAuth'),
};
const argvToken = secret('argvToken');
const argvPassword = secret('argvPassword');

const run = (async () => {
  const dir = freshDir();
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(cfg));
  const result = await runFixture(FIXTURE, { dir, args: [file, `--token=${argvToken}`, '--password', argvPassword], env });
  if (result.dumps.length !== 1) throw new Error(`expected one dump, got ${result.dumps.length}: ${result.stderr}`);
  const path = result.dumps[0].path;
  const show = await runCli(['show', path]);
  return { result, path, dump: result.dumps[0].dump, text: gunzipSync(readFileSync(path)).toString('utf8'), show: show.stdout };
})();

/** [what, planted secrets that must be absent, the line `wipeout show` prints for the local]. */
const shapes = [
  ['a local named pwd', [cfg.pwd], /^ {4}pwd = \[redacted: name matches "pwd", 24 chars\]$/m],
  ['a local named pass', [cfg.pass], /^ {4}pass = \[redacted: name matches "pass", 25 chars\]$/m],
  ['a local named auth', [cfg.auth], /^ {4}auth = \[redacted: name matches "auth", 25 chars\]$/m],
  ['a local named key', [cfg.key], /^ {4}key = \[redacted: name matches "key", 24 chars\]$/m],
  ['a local named pem', [cfg.pem], /^ {4}pem = \[redacted: name matches "pem", 24 chars\]$/m],
  ['a camelCase name ending in Key', [cfg.signingKey], /^ {4}signingKey = \[redacted: name matches "key", 31 chars\]$/m],
  ['an object named creds: its strings, not its numbers or booleans', [cfg.credsUser],
    /^ {4}creds = \{ user: \[redacted: inside "creds", whose name matches "creds", 30 chars\], retries: 3, active: true \}$/m],
  ['a Map named sessions: its keys and nested strings, not its shape', [cfg.sessionId, cfg.sessionUser],
    /^ {4}sessions = Map\(1\) \{ \[redacted: inside "sessions", whose name matches "session", 30 chars\] => \[Object\] \}$/m],
  ['a redis URL with an empty user', [cfg.redisPassword], /^ {4}cacheUrl = 'redis:\/\/:\[redacted\]@cache\.internal:6379\/0'$/m],
  ['a URL password holding @', [cfg.atPassword, cfg.atPassword.split('@')[1]], /^ {4}dbUrl = 'postgres:\/\/app:\[redacted\]@db\.internal:5432\/app'$/m],
  ['a URL query parameter named access_token', [cfg.queryToken], /^ {4}callback = 'https:\/\/hooks\.internal\/cb\?user=ada&access_token=\[redacted\]&page=2'$/m],
  ['X-Auth-* headers', [cfg.xAuthUser, cfg.xAuthEmail],
    /^ {4}headers = \{ 'X-Auth-User': \[redacted: name matches "x-auth", 30 chars\], …2 more properties \}$/m],
  ['a symbol-keyed secret', [cfg.symbolToken], /^ {4}symbolKeyed = \{ plain: 'symbol-neighbour', \[Symbol\(apiToken\)\]: \[redacted: name matches "token", 32 chars\] \}$/m],
  ['a PEM private key under an ordinary name', [privateKeyPem.split('\n')[1]], /^ {4}material = \[redacted: looks like a PEM private key, \d+ chars\]$/m],
  ['a Buffer holding a PEM private key under an ordinary name', [Buffer.from(privateKeyPem).toString('base64').slice(0, 40)],
    /^ {4}loaded = Buffer \{ <\d+ bytes, redacted: looks like a PEM private key> \}$/m],
  ['a Buffer under a name ending in Key', [Buffer.from(cfg.hmac).toString('base64').slice(0, 30)], /^ {4}hmacKey = Buffer \{ <25 bytes, redacted: name matches "key"> \}$/m],
  ['a JWT under an ordinary name', [cfg.jwt.split('.')[1]], /^ {4}issued = \[redacted: looks like a JWT, \d+ chars\]$/m],
  ['a JWT inside a longer string', [cfg.jwtInline.split('.')[1]], /^ {4}logLine = 'request carried \[redacted\] and failed'$/m],
  ['values of env names ending in _KEY, _PASS, _PWD, _AUTH', Object.values(env), /^ {4}fromEnv = '\[redacted\] \[redacted\] \[redacted\] \[redacted\]'$/m],
];

for (const [what, planted, line] of shapes) {
  test(`${what} is not in the dump bytes and show says why it is hidden`, async (t) => {
    const { text, show } = await run;
    for (const value of planted) t.false(text.includes(value), `leaked: …${context(text, value)}…`);
    t.regex(show, line);
  });
}

test('secret argv flags are masked, given with = or as the next argument', async (t) => {
  const { dump, text } = await run;
  t.false(text.includes(argvToken));
  t.false(text.includes(argvPassword));
  t.deepEqual(dump.process.argv.slice(-3), ['--token=[redacted]', '--password', '[redacted]']);
});

test('env entries named with _KEY, _PASS, _PWD, _AUTH are withheld, and PWD (the working directory) is not', async (t) => {
  const { dump } = await run;
  for (const name of Object.keys(env)) t.is(dump.process.env[name], '[redacted]', name);
  t.is(dump.process.env.PWD, process.env.PWD ?? dump.process.env.PWD);
  t.not(dump.process.env.PWD, '[redacted]');
});

/** [local, the line `wipeout show` prints]: never withheld. */
const kept = [
  ['undefined under a secret name', /^ {4}session = undefined$/m],
  ['null under a secret name', /^ {4}password = null$/m],
  ['a boolean under a secret name', /^ {4}tokenExpired = false$/m],
  ['a number under a secret name', /^ {4}secretCount = 7$/m],
  ['an empty string under a secret name', /^ {4}apiToken = ''$/m],
  ['keys', /^ {4}keys = \[ 'alpha-key-name', 'beta-key-name' \]$/m],
  ['monkey', /^ {4}monkey = 'banana-monkey'$/m],
  ['passed', /^ {4}passed = 'passed-value'$/m],
  ['author', /^ {4}author = 'author-value'$/m],
  ['keyName', /^ {4}keyName = 'key-name-value'$/m],
  ['primaryKey', /^ {4}primaryKey = 'primary-key-value'$/m],
  ['a list item after the bare word key', /^ {4}fieldList = \[ 'key', 'field-after-key' \]$/m],
];

for (const [what, line] of kept) {
  test(`${what} is kept as it was`, async (t) => {
    const { show } = await run;
    t.regex(show, line);
  });
}

test('a public key under an ordinary name is kept', async (t) => {
  const { text } = await run;
  t.true(text.includes(JSON.stringify(cfg.certificatePem).slice(1, 60)));
});

test('the terminal debugger shows why a value is hidden, in p and inside an object', async (t) => {
  const { path } = await run;
  const { stdout } = await runCli(['load', path], { input: replInput('p key', 'p String(creds.user)', 'p creds.retries', 'p String(material)', 'p session') });
  const answers = stdout.split('(wipeout) ').slice(1);
  // p prints a secret as locals and show do (issue 17).
  t.is(answers[0], '[redacted: name matches "key", 24 chars]\n');
  t.is(answers[1], "'[redacted: inside \"creds\", whose name matches \"creds\", 30 chars]'\n");
  t.is(answers[2], '3\n');
  t.regex(answers[3], /^'\[redacted: looks like a PEM private key, \d+ chars\]'\n$/);
  t.is(answers[4], 'undefined\n');
});

test('DAP shows why a value is hidden in the Variables view', async (t) => {
  const { path } = await run;
  const server = await startServer(path);
  t.teardown(() => server.stop());
  const dc = await connect(server.port);
  t.teardown(() => closeClient(dc));
  await attachAndStop(dc);
  const { body } = await dc.stackTraceRequest({ threadId: 1 });
  const scopes = await dc.scopesRequest({ frameId: body.stackFrames[0].id });
  const locals = await variablesByName(dc, scopes.body.scopes[0].variablesReference);
  t.is(locals.key.value, '[redacted: name matches "key", 24 chars]');
  t.is(locals.session.value, 'undefined');
  const sessions = await variablesByName(dc, locals.sessions.variablesReference);
  t.true(Object.values(sessions).some((entry) => /inside "sessions", whose name matches "session"/.test(`${entry.name} ${entry.value}`)), JSON.stringify(sessions));
});

/** Where a leaked secret sits, for the failure message. */
function context(text, value) {
  const at = text.indexOf(value);
  return at < 0 ? '' : text.slice(Math.max(0, at - 120), at + value.length + 20);
}
