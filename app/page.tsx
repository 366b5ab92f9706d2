import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { callerFromHeaders } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const caller = await callerFromHeaders(await headers());
  redirect(caller ? "/apps" : "/login");
}
