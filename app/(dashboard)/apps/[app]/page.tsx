import type { Metadata } from "next";
import { OverviewTab } from "@/components/apps/tabs/overview-tab";

type Params = { params: Promise<{ app: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).app };
}

export default async function AppPage({ params }: Params) {
  const { app } = await params;
  return <OverviewTab name={app} />;
}
