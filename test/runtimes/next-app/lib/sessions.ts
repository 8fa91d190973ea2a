// The README's recipe: one FlaskSessions for the app, with Flask's SECRET_KEY, made on first use:
// `next build` loads the route modules without the app's environment, and FlaskSessions refuses
// to start without a secret key.
import { FlaskSessions } from "flask-session-cookie/web";

let made: FlaskSessions | undefined;

export function sessions(): FlaskSessions {
  made ??= new FlaskSessions({ secretKey: process.env.FLASK_SECRET_KEY });
  return made;
}
