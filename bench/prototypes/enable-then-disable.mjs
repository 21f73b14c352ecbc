// Control: Debugger.enable then Debugger.disable. If the throw cost vanishes, it is the enabled
// debugger per throw (V8's OnThrow path), not anything the session leaves behind.
import { Session } from 'node:inspector';
const session = new Session();
session.connect();
session.post('Debugger.enable');
session.post('Debugger.disable');
