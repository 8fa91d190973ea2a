// The same library in Next's Edge runtime (what middleware ran on before Next 16's proxy).
import { sessions } from "../../../lib/sessions";

export const runtime = "edge";

export async function GET(request: Request): Promise<Response> {
  const session = sessions().open(request);
  return Response.json({
    runtime: typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === "string" ? "edge" : "not edge",
    user: session.get("_user_id") ?? null,
    loadError: session.loadError?.name ?? null,
  });
}

export async function POST(request: Request): Promise<Response> {
  const session = sessions().open(request);
  session.set("visits", Number(session.get("visits") ?? 0) + 1);
  return sessions().commit(session, Response.json({ visits: session.get("visits") }));
}
