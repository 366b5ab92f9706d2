import type { Metadata } from "next";
import { DeployTab } from "@/components/apps/tabs/deploy-tab";

type Params = { params: Promise<{ app: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Deploy · ${(await params).app}` };
}

export default async function DeployPage({ params }: Params) {
  const { app } = await params;
  return <DeployTab name={app} />;
}
