import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { callerFromHeaders } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage() {
  if (await callerFromHeaders(await headers())) redirect("/apps");
  return <SignUpForm />;
}
