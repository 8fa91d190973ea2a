/**
 * Work that must happen to a request's session just before the adapter saves it (Flask's
 * `after_request` functions, which run before `save_session`). Fastify runs `onSend` hooks in
 * the order they were added, so a plugin registered after `flaskSession` would run after the
 * save; it registers here instead, and the session plugin runs these first.
 * @internal
 * @module
 */

const hooks = new WeakMap<object, (() => void)[]>();

/** Runs `hook` for `request` just before its session is saved. */
export function beforeSessionSave(request: object, hook: () => void): void {
  const list = hooks.get(request);
  if (list) list.push(hook);
  else hooks.set(request, [hook]);
}

/** Runs (once) the hooks registered for `request`, in the order they were registered. */
export function runBeforeSessionSave(request: object): void {
  const list = hooks.get(request);
  if (!list) return;
  hooks.delete(request);
  for (const hook of list) hook();
}
