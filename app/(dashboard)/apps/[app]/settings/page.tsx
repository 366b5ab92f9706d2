import type { Metadata } from "next";
import { SettingsTab } from "@/components/apps/tabs/settings-tab";

type Params = { params: Promise<{ app: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Settings · ${(await params).app}` };
}

export default async function SettingsPage({ params }: Params) {
  const { app } = await params;
  return <SettingsTab name={app} />;
}
