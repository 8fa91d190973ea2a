// Behind the proxy: reached only with a Flask session that has a user.
import { sessions } from "../../lib/sessions";

export async function GET(request: Request): Promise<Response> {
  return Response.json({ account: sessions().read(request)?._user_id ?? null });
}
