import type { Metadata } from "next";
import { ActivityTab } from "@/components/apps/tabs/activity-tab";

type Params = { params: Promise<{ app: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Activity · ${(await params).app}` };
}

export default async function ActivityPage({ params }: Params) {
  const { app } = await params;
  return <ActivityTab name={app} />;
}
