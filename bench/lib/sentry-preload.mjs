// The peer: @sentry/node with local-variables capture on, as its docs recommend (`--import` of an
// instrument file). No network: the DSN names a closed port on loopback and events are dropped by
// beforeSend, so only the capture cost is measured.
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: 'http://public@127.0.0.1:9/1',
  includeLocalVariables: true,
  beforeSend: () => null,
});
