// The README's read-only recipe for Next.js 16's proxy.ts (Node runtime; it was middleware.ts).
import { NextResponse, type NextRequest } from "next/server";
import { sessions } from "./lib/sessions";

export function proxy(request: NextRequest) {
  if (!sessions().read(request)?._user_id) return NextResponse.redirect(new URL("/login", request.url));
  return NextResponse.next();
}

export const config = { matcher: "/account/:path*" };
