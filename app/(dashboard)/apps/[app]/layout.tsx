import type { ReactNode } from "react";
import { AppShell } from "@/components/apps/app-shell";

type Props = { params: Promise<{ app: string }>; children: ReactNode };

export default async function AppLayout({ params, children }: Props) {
  const { app } = await params;
  return <AppShell name={app}>{children}</AppShell>;
}
