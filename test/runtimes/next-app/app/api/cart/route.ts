// A route handler (Node runtime): POST is the README's recipe as written; GET reads the session.
import { sessions } from "../../../lib/sessions";

export async function GET(request: Request): Promise<Response> {
  const data = sessions().read(request);
  return Response.json({ user: data?._user_id ?? null, cart: data?.cart ?? null, flashes: data?._flashes ?? null });
}

export async function POST(request: Request): Promise<Response> {
  const session = sessions().open(request);
  session.set("cart", ["tea"]);
  return sessions().commit(session, Response.json({ ok: true }));
}
