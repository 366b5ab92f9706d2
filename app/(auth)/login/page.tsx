import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LogInForm } from "@/components/auth/log-in-form";
import { callerFromHeaders } from "@/server/auth/session";

export const metadata: Metadata = { title: "Log in" };

export default async function LogInPage() {
  if (await callerFromHeaders(await headers())) redirect("/apps");
  return <LogInForm />;
}
