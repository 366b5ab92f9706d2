import type { Metadata } from "next";
import { ResourcesTab } from "@/components/apps/tabs/resources-tab";

type Params = { params: Promise<{ app: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Resources · ${(await params).app}` };
}

export default async function ResourcesPage({ params }: Params) {
  const { app } = await params;
  return <ResourcesTab name={app} />;
}
