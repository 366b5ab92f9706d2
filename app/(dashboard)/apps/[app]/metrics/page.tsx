import type { Metadata } from "next";
import { MetricsTab } from "@/components/apps/tabs/metrics-tab";

type Params = { params: Promise<{ app: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Metrics · ${(await params).app}` };
}

export default async function MetricsPage({ params }: Params) {
  const { app } = await params;
  return <MetricsTab name={app} />;
}
