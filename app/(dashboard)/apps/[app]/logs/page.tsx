import type { Metadata } from "next";
import { LogsView } from "@/components/logs/logs-view";

type Params = { params: Promise<{ app: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Logs · ${(await params).app}` };
}

export default async function LogsPage({ params }: Params) {
  const { app } = await params;
  return <LogsView appName={app} />;
}
